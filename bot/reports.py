"""``kmbot export <what>`` and ``kmbot report <what>``: the reports the features declare
(:mod:`core.reports`), on the command line. Each declared option becomes an argument; the
report is made in a read-only unit of work and written to standard output or ``--output``.
A feature adds a report by declaring it: nothing here changes."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Sequence, TextIO

from core.errors import UserError
from core.features import FEATURES
from core.reports import VERBS, Option, Report

from .runtime import build_runtime
from .settings import Settings

OUTPUT_HELP = "write to this file instead of standard output"
WRITTEN = "Written to {path}."
KINDS = {"text": str, "date": date.fromisoformat, "int": int, "choice": str}


def declared(features=FEATURES) -> dict[tuple[str, str], Report]:
    return {(r.verb, r.name): r for f in features for r in f.reports}


def add_commands(commands, features=FEATURES) -> None:
    """``export`` and ``report``, each with one sub-command per declared report."""
    reports = declared(features)
    for verb, help_text in VERBS.items():
        mine = [r for (v, _), r in sorted(reports.items()) if v == verb]
        if not mine:
            continue
        kinds = commands.add_parser(verb, help=help_text).add_subparsers(dest="what",
                                                                         required=True)
        for report in mine:
            parser = kinds.add_parser(report.name, help=report.help)
            for option in report.options:
                _add_option(parser, option)
            parser.add_argument("--output", help=OUTPUT_HELP)


def _add_option(parser: argparse.ArgumentParser, option: Option) -> None:
    kwargs: dict = {"help": option.help, "type": KINDS[option.kind]}
    if option.choices:
        kwargs["choices"] = option.choices
    if option.positional:
        parser.add_argument(option.name, **kwargs)
        return
    if option.many:
        kwargs |= {"action": "append", "default": []}
    else:
        kwargs["default"] = option.default
    parser.add_argument(f"--{option.name}", dest=option.name, **kwargs)


def parse(argv: Sequence[str], features=FEATURES) -> argparse.Namespace:
    """The command line of one report (``["export", "walls", "--format", "csv"]``)."""
    parser = argparse.ArgumentParser(prog="kmbot")
    add_commands(parser.add_subparsers(dest="command", required=True), features)
    return parser.parse_args(list(argv))


async def run(settings: Settings, args: argparse.Namespace, out: TextIO | None = None,
              features=FEATURES) -> int:
    report = declared(features)[(args.command, args.what)]
    options = {o.name: getattr(args, o.name) for o in report.options}
    runtime = await build_runtime(settings, scheduler=False)
    try:
        async with runtime.services.uow(read_only=True) as uow:
            text = await report.produce(uow, options)
    except UserError as refused:
        print(refused.message, file=sys.stderr)
        return 1
    finally:
        await runtime.stop()
    write_out(text, args.output, out)
    return 0


def write_out(text: str, output: str | None, out: TextIO | None = None) -> None:
    """A report's text to the file ``output`` names, or to standard output."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        print(WRITTEN.format(path=output), file=sys.stderr)
    else:
        (out or sys.stdout).write(text)
