"""Follow, unfollow and QR scans."""

from handlers import texts
from handlers.router import router
from server.operations.messaging.followers import follow, unfollow


@router.event("subscribe")
def followed(msg, ctx):
    follow(ctx.openid)
    return texts.WELCOME


@router.event("subscribe_scan")
def followed_by_scanning(msg, ctx):
    follow(ctx.openid, scene=msg.scene_id)
    return scanned_scene(msg.scene_id, msg, ctx, welcome=True)


@router.event("scan")
def scanned(msg, ctx):
    return scanned_scene(msg.scene_id, msg, ctx, welcome=False)


@router.event("unsubscribe")
def unfollowed(msg, ctx):
    ctx.dialog.end()
    unfollow(ctx.openid)
    return None


def scanned_scene(scene, msg, ctx, welcome):
    """Hand a scene (`prefix:value`) to the part that owns its prefix."""
    route = router.scene_route(scene or "")
    if route is None:
        return texts.WELCOME if welcome else texts.UNKNOWN_SCENE
    reply = route.handler(scene.split(":", 1)[1] if ":" in scene else "", msg, ctx)
    return f"{texts.WELCOME}\n\n{reply}" if welcome and reply else reply
