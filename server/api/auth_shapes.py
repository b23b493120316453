"""What logging in reads and answers."""

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

MAX_CODE_LENGTH = 128


class LoginRequest(BaseModel):
    code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_CODE_LENGTH)
    ] = Field(description="wx.login() 返回的 code")


class Token(BaseModel):
    token: str = Field(description="放在请求头 Authorization: Bearer <token>")
    expires_in: int = Field(description="有效期（秒）", examples=[7200])


INPUTS, OUTPUTS = [LoginRequest], [Token]
