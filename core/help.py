"""Help for every command, from one place: the specs the features declared."""
from __future__ import annotations

from . import wording
from .cards import Card, Reply, Section
from .router import CommandSpec, Context, Router


def help_reply(router: Router, group: str | None, is_librarian: bool) -> Reply:
    groups = [group] if group else sorted(router.groups, key=lambda g: (g != "kmbot", g))
    sections, lines = [], []
    for name in groups:
        specs = [s for s in router.specs(name) if is_librarian or not s.librarian]
        body = "\n".join(wording.HELP_LINE.format(
            usage=s.usage, summary=s.summary + (wording.HELP_LIBRARIAN_SUFFIX if s.librarian else ""))
            for s in specs)
        heading = wording.HELP_GROUP_TITLE.format(group=name, summary=router.groups[name])
        sections.append(Section(f"*{heading}*\n{body}"))
        lines += [heading, body]
    title = wording.HELP_TITLE if not group else f"/{group}"
    intro = [wording.HELP_INTRO] if not group else []
    return Reply.say("\n".join(intro + lines),
                     Card(title=title, sections=tuple([Section(i) for i in intro] + sections)))


def install_help(router: Router) -> None:
    """Give every command group ``help`` (and a bare ``/group`` its help, unless it has its own
    default), and ``/kmbot help [group]`` for everything."""
    for group in list(router.groups):
        async def group_help(ctx: Context, group: str = group) -> Reply:
            if group == "kmbot" and ctx.args:
                wanted = ctx.args[0].lstrip("/").lower()
                if wanted not in router.groups:
                    return Reply.say(wording.HELP_NO_SUCH_GROUP.format(group=wanted))
                return help_reply(router, wanted, ctx.is_librarian)
            return help_reply(router, None if group == "kmbot" else group, ctx.is_librarian)
        usage = f"/{group} help" + (" [command]" if group == "kmbot" else "")
        spec = CommandSpec(group, "help", usage, wording.HELP_SUMMARY, group_help)
        router.commands[(group, "help")] = spec
        router.commands.setdefault((group, ""), CommandSpec(group, "", usage, "", group_help,
                                                            hidden=True))
