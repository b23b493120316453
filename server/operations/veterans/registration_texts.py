"""What a person is told about their registration (Simplified Chinese, one place)."""

OUTCOMES = {
    # outcome: (customer-service text, template result phrase, template note)
    "approved": (
        "您的退役军人和其他优抚对象信息登记已审核通过，已为您建档。今后可通过本公众号预约办事、反映诉求。",
        "审核通过",
        lambda veteran: "已建档，可在线办理各项服务",
    ),
    "returned": (
        "您的退役军人和其他优抚对象信息登记被退回，原因：{reason}\n"
        "请点击菜单“我要办事 → 登记建档”修改后重新提交。",
        "退回修改",
        lambda veteran: veteran.return_reason or "请修改后重新提交",
    ),
}
