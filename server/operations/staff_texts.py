"""What staff are told about their accounts and their WeChat binding (Simplified Chinese, one place)."""

LOGIN_REFUSED = "用户名或密码错误。连续输错{failures}次，账号将锁定{minutes}分钟"
PASSWORD_TOO_SHORT = "密码至少8位"
PASSWORD_TOO_SIMPLE = "密码须同时包含字母和数字"
PASSWORD_WRONG = "当前密码不正确"
PASSWORD_UNCHANGED = "新密码不能与当前密码相同"
USERNAME_INVALID = "用户名为3-64位字母、数字、点、下划线或短横线"
USERNAME_TAKEN = "用户名 {username} 已存在"
ROLE_NOT_ONE_OF = "角色必须是 {roles} 之一"
ROLE_INVALID = "角色不正确"
NAME_REQUIRED = "请填写姓名"
CANNOT_DISABLE_SELF = "不能停用自己的账号"

BINDING_UNKNOWN = "二维码无效或已使用，请在控制台“我的账号”中重新生成"
BINDING_EXPIRED = "二维码已过期（10分钟有效），请在控制台“我的账号”中重新生成"
BINDING_TAKEN = "此微信已绑定其他工作人员账号，请先在该账号中解除绑定"
NOT_BOUND = "该账号尚未绑定微信"
UNFOLLOWED = "取消关注公众号"  # the system actor that unbinds a member who unfollowed
