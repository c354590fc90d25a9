"""The publishing commands of the CLI: `keygen` and `pack build|verify|import|rollback|status`.

Exit status: 0 success; 1 the content has lint errors (pack not built); 2 refused or unusable input,
with one line `error: <where>: <reason>` on stderr. Heavy modules are imported inside the handlers so
that registering the parsers costs `handbook lint` nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handbook.publish.keys import TrustedKey
    from handbook.publish.state import ActiveContent


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `keygen` and `pack` on the CLI's subparsers."""
    keygen = sub.add_parser("keygen", help="create the Ed25519 key pair that signs update packs")
    keygen.add_argument("--out", type=Path, required=True, help="folder for handbook-signing.key/.pub")
    keygen.add_argument(
        "--no-passphrase", action="store_true", help="leave the private key unprotected (not recommended)"
    )
    pack = sub.add_parser("pack", help="build, verify, import or roll back signed update packs")
    pack_sub = pack.add_subparsers(dest="pack_command", required=True)
    build = pack_sub.add_parser("build", help="lint, index, sign and write an update pack")
    build.add_argument("--content", type=Path, required=True, help="content folder to publish")
    build.add_argument("--key", type=Path, required=True, help="private signing key (PEM)")
    build.add_argument("--out", type=Path, required=True, help="pack file to write")
    build.add_argument("--approver", default="", help="who approved this edition (a role or name)")
    build.add_argument(
        "--next-key", type=Path, default=None, help="public key workstations move to next (key rotation)"
    )
    build.add_argument("--previous", type=Path, default=None, help="the pack this one follows")
    build.add_argument("--revoke", nargs="+", default=[], metavar="ID", help="document ids to withdraw")
    build.add_argument("--version", default=None, help="pack version (default: handbook.yaml edition)")
    build.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="date for review checks (YYYY-MM-DD)"
    )
    for name, text in (("verify", "check a pack's signature and every file"), ("import", "install a pack")):
        command = pack_sub.add_parser(name, help=text)
        command.add_argument("file", type=Path, help="the pack file")
        command.add_argument(
            "--trust", type=Path, default=None, help="also trust this public key (import: saved on success)"
        )
        command.add_argument(
            "--yes",
            action="store_true",
            help="trust the --trust key without asking (after checking its fingerprint)",
        )
    pack_sub.add_parser("rollback", help="return to the previously installed pack")
    pack_sub.add_parser("status", help="show the installed packs and the content in use")


def one_line(text: object) -> str:
    """A message on one line, whatever the underlying library put in it."""
    return " ".join(str(text).split())


def run(args: argparse.Namespace) -> int:
    """Run `keygen` or a `pack` subcommand; refusals print one line on stderr and return 2."""
    from handbook.errors import HandbookError
    from handbook.untrusted import require_regular_file

    handler = {
        "build": _build,
        "verify": _verify,
        "import": _import,
        "rollback": _rollback,
        "status": _status,
    }.get(getattr(args, "pack_command", ""), _keygen)
    try:
        for name in ("file", "trust", "key", "previous"):  # files a library opens itself: never a FIFO/device
            if getattr(args, name, None) is not None:
                require_regular_file(getattr(args, name))
        return handler(args)
    except HandbookError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2


def _keygen(args: argparse.Namespace) -> int:
    from handbook.publish.keys import generate_keypair
    from handbook.publish.passphrase import ask_new_passphrase
    from handbook.publish.private_key import generate_protected_keypair

    if args.no_passphrase:
        private, public = generate_keypair(args.out)
    else:
        private, public = generate_protected_keypair(args.out, ask_new_passphrase())
    protected = "unprotected" if args.no_passphrase else "protected by your passphrase"
    print(
        f"private key: {private} ({protected}, mode 0600; keep it off workstations and out of the repository)"
    )
    print(f"public key:  {public} (ship it in handbook/resources/keys/ or `pack import --trust` it)")
    return 0


def _build(args: argparse.Namespace) -> int:
    from handbook.publish.build import ContentNotReady, build_pack
    from handbook.publish.passphrase import ask_passphrase
    from handbook.publish.private_key import is_protected

    passphrase = ask_passphrase(args.key) if is_protected(args.key) else None
    try:
        result = build_pack(
            args.content,
            args.key,
            args.out,
            approver=args.approver,
            passphrase=passphrase,
            next_key=args.next_key,
            previous=args.previous,
            revoked=args.revoke,
            version=args.version,
            today=args.today,
        )
    except ContentNotReady as exc:
        for problem in exc.problems:
            print(problem)
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    manifest = result.manifest
    print(
        f"built {result.path}: version {manifest.version}, {len(manifest.files)} files, "
        f"revoked: {', '.join(manifest.revoked) or 'none'}"
    )
    return 0


def _extra_keys(trust: Path | None) -> list[TrustedKey]:
    from handbook.publish.keys import TrustedKey, key_id, load_public_key

    if trust is None:
        return []
    key = load_public_key(trust)
    return [TrustedKey(key_id(key), key, trust)]


def _confirm_trust(args: argparse.Namespace, keys: list[TrustedKey]) -> None:
    """Show the --trust key's fingerprint; unless --yes, ask on a terminal and refuse elsewhere.

    Trusting a key is for good (every later pack it signs installs), so it is never silent.
    """
    from handbook.errors import UpdateError
    from handbook.publish.keys import fingerprint

    if not keys:
        return
    key = keys[0]
    print(f"key {key.key_id} from {key.source}: fingerprint {fingerprint(key.key)}")
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise UpdateError(
            f"--trust needs confirmation: compare fingerprint {fingerprint(key.key)} with the one the "
            "medical director announced, then run again with --yes"
        )
    answer = input("Trust this key for all future updates? Type yes to confirm: ")
    if answer.strip().casefold() != "yes":
        raise UpdateError("key not trusted: nothing was installed")


def _verify(args: argparse.Namespace) -> int:
    from handbook.publish.keys import trusted_keys
    from handbook.publish.verify import verify_pack

    extra = _extra_keys(args.trust)
    verified = verify_pack(args.file, [*trusted_keys(), *extra])
    manifest = verified.manifest
    print(
        f"OK {args.file}: version {manifest.version}, created {manifest.created}, "
        f"approver {manifest.approver or '-'}, signed by key {verified.signer}, {len(manifest.files)} files, "
        f"revoked: {', '.join(manifest.revoked) or 'none'}"
    )
    from handbook.publish.rotation import check_not_retired, next_key_of

    check_not_retired(verified.signer)  # a retired signer: exit 2, as `pack import` would refuse it
    if next_key_of(manifest) is not None:
        print("  endorses the next signing key (key rotation)")
    if extra:  # verify uses the key for this check only and saves nothing: no confirmation needed
        from handbook.publish.keys import fingerprint

        print(f"checked with key {extra[0].key_id} (not saved): fingerprint {fingerprint(extra[0].key)}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from handbook.publish.install import install_pack
    from handbook.publish.keys import add_trusted_key

    extra = _extra_keys(args.trust)
    _confirm_trust(args, extra)
    result = install_pack(args.file, extra)
    if args.trust is not None:
        added = add_trusted_key(args.trust)
        print(f"now trusting key {added.key_id}")
    print(f"installed version {result.manifest.version} (was: {result.replaced or 'bundled content'})")
    if result.key_note:
        print(result.key_note)
    for line in result.changes.lines():
        print(f"  {line}")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from handbook.publish.install import rollback

    active = rollback()
    print(f"rolled back; now showing {_describe(active)}")
    if active.warning:
        print(f"warning: {active.warning}", file=sys.stderr)
    return 0


def _status(args: argparse.Namespace) -> int:
    from handbook.publish.install import active_content, read_state

    state = read_state()
    active = active_content()
    print(f"installed: {state.current or 'none'}; previous: {state.previous or 'none'}")
    print(f"showing: {_describe(active)}")
    if active.warning:
        print(f"warning: {active.warning}", file=sys.stderr)
    return 0


def _describe(active: ActiveContent) -> str:
    return f"update pack {active.pack_version}" if active.pack_version else "the bundled content"
