"""The OpenAPI paths of the subscription (订阅推送) endpoints; server/api/openapi.py merges them in."""

from server.api.openapi_parts import error, json_body, ok, operation, ref
from server.api.subscription_shapes import Subscriptions, SubscriptionUpdate

SUBSCRIPTION_PATHS = {
    "/subscriptions": {
        "get": operation(
            "getSubscriptions",
            "订阅",
            "查看本人订阅的政策专题",
            {"200": ok("已订阅的专题，以及可以订阅的全部专题", ref(Subscriptions))},
            "与服务号“政策服务 → 订阅推送”中的选择是同一份（登记信息把两边关联起来之后）。"
            "从未选择过的人在提交登记时，按其人员类别得到默认专题。",
            secured=True,
        ),
        "put": operation(
            "putSubscriptions",
            "订阅",
            "设置本人订阅的政策专题",
            {
                "200": ok("已保存", ref(Subscriptions)),
                "400": error("BadRequest"),
                "413": error("PayloadTooLarge"),
                "422": error("SubscriptionValidationFailed"),
                "429": error("TooManyRequests"),
            },
            "topic_ids 为订阅的全部专题，替换原来的选择；空列表即取消全部"
            "（之后提交登记也不会再加上默认专题）。"
            "保存专题后若弹出“政策更新提醒”订阅消息，把用户点“允许”的次数填在 policy_notice_taps_granted："
            "只使用小程序的人据此收到政策推送（每次允许一条）。"
            "每个登录每分钟最多写入30次。",
            secured=True,
            requestBody=json_body(SubscriptionUpdate, {"topic_ids": [1, 3], "policy_notice_taps_granted": 1}),
        ),
    }
}
