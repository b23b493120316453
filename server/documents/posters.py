"""Printable A4 posters of a station's QR code (PNG and PDF), drawn with Pillow and qrcode."""

import io
import os
import tempfile
import zipfile

import qrcode
from PIL import Image, ImageDraw, ImageFont

from server.extensions import settings
from server.operations.core.errors import Unavailable

A4 = (1240, 1754)  # pixels at 150 dpi
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
INSTRUCTION = "微信扫一扫，关注后即可登记建档、预约办事、反映诉求"


def font_path(config):
    """The Chinese font posters use: POSTER_FONT if set, else the first of the usual Debian paths.

    Looked up on every poster, never cached, so a font installed while the app runs is used at once."""
    for path in (config.poster_font,) if config.poster_font else FONT_CANDIDATES:
        if os.path.isfile(path):
            return path
    return None


def font_problem(config):
    """None when posters can be drawn, else what is missing and how to install it (in Chinese)."""
    if font_path(config):
        return None
    if config.poster_font:
        return (
            f"找不到 POSTER_FONT 指定的字体文件 {config.poster_font}，无法生成海报。"
            "请把该文件放到这个位置，或把 POSTER_FONT 改为一个中文字体文件（.ttf/.ttc/.otf）的路径。"
        )
    return (
        "服务器上没有中文字体，无法生成海报。请安装中文字体（Debian/Ubuntu："
        "sudo apt install fonts-wqy-microhei），或把 POSTER_FONT 设为中文字体文件（.ttf/.ttc/.otf）的路径；"
        "装好后无需重启。"
    )


def _font(size):
    path = font_path(settings())
    if path is None:
        raise Unavailable(font_problem(settings()))
    try:
        return ImageFont.truetype(path, size)
    except OSError as error:
        raise Unavailable(
            f"字体文件 {path} 无法读取，无法生成海报。请换一个中文字体文件（.ttf/.ttc/.otf），"
            "或重新安装 fonts-wqy-microhei。"
        ) from error


def render_poster(station):
    """The poster as a Pillow image: name, QR code, instruction, address and phone, code."""
    poster = Image.new("RGB", A4, "white")
    draw = ImageDraw.Draw(poster)
    width = A4[0]
    _centred(draw, 150, station.name, _font(84), width)
    _centred(draw, 260, station.level_name, _font(44), width, fill="#555555")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=20)
    code.add_data(station.qr_url)
    image = code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    image = image.resize((760, 760), Image.NEAREST)
    poster.paste(image, ((width - 760) // 2, 360))
    _centred(draw, 1170, INSTRUCTION, _font(40), width)
    _centred(draw, 1290, f"地址：{station.address or '—'}", _font(36), width, fill="#333333")
    _centred(draw, 1350, f"电话：{station.phone or '—'}", _font(36), width, fill="#333333")
    if station.hours:
        _centred(draw, 1410, f"办公时间：{station.hours}（工作日）", _font(36), width, fill="#333333")
    _centred(draw, 1620, f"站点编码 {station.code}", _font(28), width, fill="#888888")
    return poster


def _centred(draw, top, text, font, width, fill="black"):
    while draw.textlength(text, font=font) > width - 120 and len(text) > 4:
        text = text[:-2] + "…"
    draw.text(((width - draw.textlength(text, font=font)) / 2, top), text, font=font, fill=fill)


def poster_png(station):
    return _save(render_poster(station), "PNG")


def poster_pdf(station):
    return _save(render_poster(station), "PDF", resolution=150)


def _save(image, kind, **options):
    data = io.BytesIO()
    image.save(data, format=kind, **options)
    data.seek(0)
    return data


def posters_zip(stations):
    """A ZIP of PDF posters, spooled to disk past 32 MB so a county's worth stays out of memory."""
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - send_file closes it
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for station in stations:
            archive.writestr(f"{station.code}-{station.name}.pdf", poster_pdf(station).getvalue())
    spool.seek(0)
    return spool
