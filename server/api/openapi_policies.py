"""The OpenAPI paths of the policy (政策查询) endpoints; server/api/openapi.py merges them in.

The example policy is the one the schemathesis run publishes (tests/server/api/test_openapi.py).
"""

from server.api.fields import MAX_ID
from server.api.openapi_parts import error, ok, operation, query_parameters, ref
from server.api.policy_shapes import PAGE_SIZE, Policy, PolicyPage, PolicySearchQuery, PolicyTopicList

EXAMPLE_POLICY_ID = 1

POLICY_PATHS = {
    "/policies": {
        "get": operation(
            "listPolicies",
            "政策",
            "查询现行政策",
            {"200": ok(f"一页现行政策（每页{PAGE_SIZE}条）", ref(PolicyPage)), "400": error("BadRequest")},
            "公开接口，无需登录。有 q 时按中文分词查询，按相关程度排列（标题、专题中的词比正文中的重要），"
            "排序对所有人相同；没有 q 时按发文日期由新到旧。只包含已发布、未过失效日期的政策。",
            parameters=query_parameters(PolicySearchQuery),
        )
    },
    "/policies/{policy_id}": {
        "get": operation(
            "getPolicy",
            "政策",
            "政策详情",
            {"200": ok("政策全文、附件与适用范围", ref(Policy)), "404": error("PolicyNotFound")},
            "公开接口，无需登录。已失效的政策仍可查看（in_force 为 false）；未发布或已撤回的答 404。",
            parameters=[
                {
                    "name": "policy_id",
                    "in": "path",
                    "required": True,
                    "description": "政策 id（见查询结果的 id）",
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    "example": EXAMPLE_POLICY_ID,
                }
            ],
        )
    },
    "/policy-topics": {
        "get": operation(
            "listPolicyTopics", "政策", "政策专题", {"200": ok("在用的政策专题", ref(PolicyTopicList))}
        )
    },
}
