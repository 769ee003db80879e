"""Hostile or mistaken input: one line naming the file (and line), exit 1, no traceback.

Complements tests/test_security.py and tests/test_cli.py with the cases those did not reach:
YAML that made PyYAML raise (impossible dates, bad tags, unhashable keys, deep nesting) in
every YAML file we read, impossible dates in seed headers, SOURCE_DATE_EPOCH, file names that
are not UTF-8, unreadable inputs, symlinks out of seeds/, size limits, valid UTF-8 from every
plane, and the warnings (a metadata entry or a tags key that matches nothing, an invisible
title) that `--strict` and `mkdocs build --strict` turn into failures. Most run convert.py's
main() in this process; one mkdocs build and one mkdocs serve check the MkDocs side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.helpers import ROOT, SEEDS, copy_project, stop_process_group
from support.runs import assert_refused, convert_here, snapshot
from support.serving import fetch, free_port, wait_for

DISTRICT = "000_1b6eb3483533bf33.txt"
EVENTS = "003_a98c90bdf83db19a.txt"  # line 2: 信息提供日期 : 2025-02-05 17:14 来源 :…


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    return folder


@pytest.fixture
def out(seeds: Path, config: Path, tmp_path: Path) -> Path:
    """A previous good output in tmp_path/out, for checking that a failed run keeps it."""
    folder = tmp_path / "out"
    result = convert_here(seeds, folder, "--config", str(config))
    assert result.returncode == 0, result.stderr
    return folder


def refused(seeds: Path, out: Path, config: Path, *needles: str) -> str:
    before = snapshot(out)
    line = assert_refused(convert_here(seeds, out, "--config", str(config)), *needles)
    assert snapshot(out) == before, "a refused run changed the previous output"
    return line


def add_metadata(seeds: Path, text: str) -> int:
    """Append to seeds/metadata.yml; the line number of the first appended line."""
    path = seeds / "metadata.yml"
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


# ---------------------------------------------------------------------------------------------
# 1. YAML that PyYAML itself chokes on, in each of the three files.

DEEP = "[" * 6000 + "]" * 6000
# (file, content, line, words in the message); {deep} is 6,000 nested lists.
BAD_YAML = {
    "metadata: !!int": ("metadata.yml", f"{DISTRICT}:\n  title: !!int abc\n", 2, "int"),
    "metadata: !!float": ("metadata.yml", f"{DISTRICT}:\n  title: !!float x\n", 2, "float"),
    "metadata: !!timestamp": ("metadata.yml", f"{DISTRICT}:\n  date: !!timestamp x\n", 2, "date"),
    "metadata: unhashable": ("metadata.yml", "? [a, b]\n: 1\n", 1, "key"),
    "metadata: deep": ("metadata.yml", f"{DISTRICT}:\n  title: {DEEP}\n", 2, "nest"),
    "metadata: deep mapping": ("metadata.yml", "a: " + "{a: " * 6000 + "}" * 6000, 1, "nest"),
    "metadata: huge int": ("metadata.yml", f"{DISTRICT}:\n  title: {'9' * 5000}\n", 2, "int"),
    "taxonomy: !!int": ("taxonomy.yml", "themes:\n  维权: !!int abc\n", 2, "int"),
    "taxonomy: unhashable": ("taxonomy.yml", "themes:\n  ? [a, b]\n  : [x]\n", 2, "key"),
    "taxonomy: deep": ("taxonomy.yml", f"themes:\n  维权: {DEEP}\n", 2, "nest"),
    "convert: !!int": ("convert.yml", "max_tags: !!int abc\n", 1, "int"),
    "convert: unhashable": ("convert.yml", "? {a: 1}\n: 1\n", 1, "key"),
    "convert: deep": ("convert.yml", f"spacing: {DEEP}\n", 1, "nest"),
    "convert: control char": ("convert.yml", "spacing: remove\nmax_tags: \x07\n", 2, "YAML"),
}


@pytest.mark.parametrize("case", sorted(BAD_YAML))
def test_bad_yaml_names_file_and_line(
    case: str, seeds: Path, config: Path, out: Path
) -> None:
    name, content, line, word = BAD_YAML[case]
    target = seeds / name if name == "metadata.yml" else config / name
    target.write_text(content, encoding="utf-8")
    message = refused(seeds, out, config, f"{name}:{line}:")
    assert word.lower() in message.split(f"{name}:{line}:", 1)[1].lower(), message


# ---------------------------------------------------------------------------------------------
# 2. Dates: calendar-valid, quoted or not, in metadata and in seed headers.

@pytest.mark.parametrize(
    "value", ["2025-13-45", "2025-02-30", "'2025-13-45'", "'2025-02-30'", "'2023-02-29'",
              "2025-00-10", "'2025-13'"],
)  # fmt: skip
def test_impossible_metadata_date(value: str, seeds: Path, config: Path, out: Path) -> None:
    line = add_metadata(seeds, f"new.txt:\n  date: {value}\n")
    shutil.copy(seeds / DISTRICT, seeds / "new.txt")
    refused(seeds, out, config, f"metadata.yml:{line + 1}:", "date must look like", "real date")


def test_real_dates_are_accepted(seeds: Path, config: Path, tmp_path: Path) -> None:
    add_metadata(seeds, "new.txt:\n  slug: leap\n  date: 2024-02-29\n")
    shutil.copy(seeds / DISTRICT, seeds / "new.txt")
    result = convert_here(seeds, tmp_path / "o", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "date: '2024-02-29'" in (tmp_path / "o/leap/index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["2025-13-45", "2025-02-30", "2025-00-00"])
def test_impossible_header_date_is_refused(
    value: str, seeds: Path, config: Path, out: Path
) -> None:
    """Refused (not ignored): the editor gives the right date in metadata.yml."""
    seed = seeds / EVENTS
    seed.write_text(seed.read_text(encoding="utf-8").replace("2025-02-05", value),
                    encoding="utf-8")  # fmt: skip
    message = refused(seeds, out, config, f"{EVENTS}:2:", value)
    assert "metadata.yml" in message, message


def test_header_date_overridden_by_metadata_is_not_refused(
    seeds: Path, config: Path, tmp_path: Path
) -> None:
    seed = seeds / EVENTS
    seed.write_text(seed.read_text(encoding="utf-8").replace("2025-02-05", "2025-13-45"),
                    encoding="utf-8")  # fmt: skip
    text = (seeds / "metadata.yml").read_text(encoding="utf-8")
    text = text.replace("  slug: shenzhen-2024-ten-events", "  slug: shenzhen-2024-ten-events\n"
                        "  date: 2025-02-05")  # fmt: skip
    (seeds / "metadata.yml").write_text(text, encoding="utf-8")
    result = convert_here(seeds, tmp_path / "o", "--config", str(config))
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------------
# 3. SOURCE_DATE_EPOCH (read by MkDocs for every page's date, and by `reportsite bundle`).

@pytest.mark.parametrize("value", ["", "abc", "1.5", " 17", "99999999999999999999"])
def test_bad_source_date_epoch(value: str) -> None:
    from reportsite.errors import ReportError
    from reportsite.values import source_date_epoch

    with pytest.raises(ReportError, match="SOURCE_DATE_EPOCH") as info:
        source_date_epoch({"SOURCE_DATE_EPOCH": value})
    assert "\n" not in str(info.value)


def test_good_source_date_epoch() -> None:
    from reportsite.values import source_date_epoch

    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"}) == 1700000000


def test_bundle_with_bad_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportsite.commands import bundle

    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    assert bundle.main([str(tmp_path / "build"), str(tmp_path / "dist")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "SOURCE_DATE_EPOCH" in err[0], err
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def mkdocs(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_empty_source_date_epoch_stops_mkdocs_build_in_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs(project, "build", "--strict", "-q", "-d", str(tmp_path / "site"),
                    SOURCE_DATE_EPOCH="")  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output, output[-3000:]
    named = [ln for ln in output.splitlines() if "SOURCE_DATE_EPOCH" in ln]
    assert len(named) == 1, output[-2000:]


# ---------------------------------------------------------------------------------------------
# 4. File names and OS errors.

def test_seed_name_not_utf8_is_refused_with_escapes(seeds: Path, config: Path, out: Path) -> None:
    name = os.fsencode(seeds) + b"/bad\xff\xfe.txt"
    with open(name, "wb") as fh:
        fh.write((seeds / DISTRICT).read_bytes())
    message = refused(seeds, out, config, r"bad\xff\xfe.txt", "UTF-8")
    assert "rename" in message, message


def test_unreadable_seed_says_what_to_do(
    seeds: Path, config: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportsite.read as read

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read, "open", denied, raising=False)
    message = refused(seeds, out, config, DISTRICT, "Permission denied")
    assert "permission" in message.lower().split("denied", 1)[1], message


def test_unreadable_seeds_folder(
    seeds: Path, config: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.scandir

    def denied(path: object = ".") -> object:
        if str(path) == str(seeds):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", denied)
    refused(seeds, out, config, str(seeds), "Permission denied")


def test_metadata_is_a_folder(seeds: Path, config: Path, out: Path) -> None:
    (seeds / "metadata.yml").unlink()
    (seeds / "metadata.yml").mkdir()
    refused(seeds, out, config, "metadata.yml", "cannot read")


# ---------------------------------------------------------------------------------------------
# 5. Valid UTF-8 from every plane is text; garbage is still refused.

RARE = (
    "一、𠮷野家𡈼𪚥的报告\n\n葛\U000E0100城市辻\uFE00之"
    "\U0002A6D6\U0002B740\U0002B820\U0002CEB0\U00030000\U00031350。\n"
)


def test_supplementary_planes_and_variation_selectors(
    seeds: Path, config: Path, tmp_path: Path
) -> None:
    (seeds / "rare.txt").write_text(RARE, encoding="utf-8")
    result = convert_here(seeds, tmp_path / "o", "--config", str(config))
    assert result.returncode == 0, result.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "o/rare").rglob("*.md"))
    for char in "𠮷𡈼𪚥\U000E0100\uFE00\U00031350":
        assert char in pages, repr(char)


def test_only_supplementary_han(seeds: Path, config: Path, tmp_path: Path) -> None:
    (seeds / "rare.txt").write_text("𠮷𡈼𪚥\n", encoding="utf-8")
    result = convert_here(seeds, tmp_path / "o", "--config", str(config))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [(bytes(range(1, 256)) * 8, "cannot decode"), ("\U0001F600🙂\n".encode() * 20, "no Chinese"),
     (bytes([0x90, 0x30, 0x81, 0x30]) * 300, "cannot decode")],
)  # fmt: skip
def test_garbage_is_still_refused(
    data: bytes, message: str, seeds: Path, config: Path, out: Path
) -> None:
    (seeds / "junk.txt").write_bytes(data)
    refused(seeds, out, config, "junk.txt", message)


# ---------------------------------------------------------------------------------------------
# 6. Symlinks.

def test_symlink_out_of_seeds_is_refused(
    seeds: Path, config: Path, out: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("内部文件，不得公开。\n", encoding="utf-8")
    (seeds / "link.txt").symlink_to(secret)
    message = refused(seeds, out, config, "link.txt", "outside")
    assert "follow_symlinks" in message, message
    assert not list(out.rglob("secret*")) and "内部文件" not in "".join(
        p.read_text(encoding="utf-8") for p in out.rglob("*.md")
    )


def test_symlink_out_of_seeds_when_allowed(seeds: Path, config: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    shutil.copy(seeds / DISTRICT, outside)
    (seeds / "link.txt").symlink_to(outside)
    settings = config / "convert.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("follow_symlinks: false", "follow_symlinks: true"),
                        encoding="utf-8")  # fmt: skip
    result = convert_here(seeds, tmp_path / "o", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "link" / "link.txt").exists()


def test_symlink_inside_seeds_is_fine(seeds: Path, config: Path, tmp_path: Path) -> None:
    (seeds / "alias.txt").symlink_to(seeds / DISTRICT)
    result = convert_here(seeds, tmp_path / "o", "--config", str(config))
    assert result.returncode == 0, result.stderr


def test_dangling_symlink_is_refused(seeds: Path, config: Path, out: Path, tmp_path: Path) -> None:
    (seeds / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    refused(seeds, out, config, "gone.txt", "symlink to a missing file")


# ---------------------------------------------------------------------------------------------
# 7. Limits.

def set_limits(config: Path, text: str) -> None:
    (config / "convert.yml").write_text("limits:\n" + text, encoding="utf-8")


def test_title_over_the_field_limit(seeds: Path, config: Path, out: Path) -> None:
    (seeds / "metadata.yml").write_text(f"{DISTRICT}:\n  title: {'标' * 201}\n",
                                        encoding="utf-8")  # fmt: skip
    message = refused(seeds, out, config, "metadata.yml:2:", "200")
    assert "field_chars" in message and "convert.yml" in message, message


@pytest.mark.parametrize("field", ["issuer", "tags"])
def test_other_fields_over_the_limit(field: str, seeds: Path, config: Path, out: Path) -> None:
    value = "长" * 40 if field == "issuer" else "{'1': [" + "长" * 40 + "]}"
    (seeds / "metadata.yml").write_text(f"{DISTRICT}:\n  {field}: {value}\n", encoding="utf-8")
    set_limits(config, "  field_chars: 30\n")
    refused(seeds, out, config, "metadata.yml:2:", "30", "field_chars")


def test_taxonomy_keyword_over_the_limit(seeds: Path, config: Path, out: Path) -> None:
    (config / "taxonomy.yml").write_text("themes:\n  维权: [" + "法" * 300 + "]\n",
                                         encoding="utf-8")  # fmt: skip
    refused(seeds, out, config, "taxonomy.yml:2:", "field_chars")


def test_metadata_over_the_size_limit(seeds: Path, config: Path, out: Path) -> None:
    set_limits(config, "  config_bytes: 100\n")
    refused(seeds, out, config, "metadata.yml", "config_bytes: 100 ")


@pytest.mark.parametrize("tag", ["\u200b", "\u2060\u200d"])
def test_invisible_tag_or_keyword(tag: str, seeds: Path, config: Path, out: Path) -> None:
    (seeds / "metadata.yml").write_text(f"{DISTRICT}:\n  tags:\n    '1': [\"{tag}\"]\n",
                                        encoding="utf-8")  # fmt: skip
    refused(seeds, out, config, "metadata.yml:3:", "visible")
    (seeds / "metadata.yml").unlink()
    (config / "taxonomy.yml").write_text(f"themes:\n  维权: [法律, \"{tag}\"]\n",
                                         encoding="utf-8")  # fmt: skip
    refused(seeds, out, config, "taxonomy.yml:2:", "visible")


def test_seed_over_the_size_limit_is_refused_before_reading(
    seeds: Path, config: Path, out: Path
) -> None:
    """A sparse 64 MiB file: refused from its size, without reading it."""
    with open(seeds / "huge.txt", "wb") as fh:
        fh.truncate(64 * 1024 * 1024)
    message = refused(seeds, out, config, "huge.txt", "seed_bytes")
    assert "convert.yml" in message, message


def test_seed_limit_from_settings(seeds: Path, config: Path, out: Path) -> None:
    set_limits(config, "  seed_bytes: 1000\n")
    refused(seeds, out, config, DISTRICT, "1000", "seed_bytes")


def test_total_limit(seeds: Path, config: Path, out: Path) -> None:
    set_limits(config, "  seed_bytes: 15000\n  total_bytes: 19000\n")
    refused(seeds, out, config, str(seeds), "19000", "total_bytes")


def test_count_limit(seeds: Path, config: Path, out: Path) -> None:
    set_limits(config, "  seeds: 1\n")
    refused(seeds, out, config, str(seeds), "2 seed files", "seeds: 1 ")


BAD_LIMITS = {
    "zero": ("limits:\n  seed_bytes: 0\n", 2, "limits: seed_bytes must be a whole"),
    "text": ("limits:\n  total_bytes: '5'\n", 2, "limits: total_bytes must be a whole"),
    "bool": ("limits:\n  seeds: true\n", 2, "limits: seeds must be a whole"),
    "unknown": ("limits:\n  seed_size: 5\n", 2, "unknown key 'seed_size' in limits"),
    "not a mapping": ("limits: 5\n", 1, "limits must be a mapping"),
    "seed over total": (
        "limits:\n  seed_bytes: 200\n  total_bytes: 100\n", 3, "total_bytes must be at least"
    ),
    "follow_symlinks": ("follow_symlinks: 'yes'\n", 1, "follow_symlinks must be true or false"),
}


@pytest.mark.parametrize("case", sorted(BAD_LIMITS))
def test_bad_limits(case: str, seeds: Path, config: Path, out: Path) -> None:
    content, line, word = BAD_LIMITS[case]
    (config / "convert.yml").write_text(content, encoding="utf-8")
    refused(seeds, out, config, f"convert.yml:{line}:", word)


def test_default_limits() -> None:
    """The defaults leave room for 50 MB of seeds, and for the 30 MB report of the bench."""
    from reportsite.config import load_settings
    from reportsite.settings import Limits

    limits = Limits()
    assert limits.total_bytes >= 50_000_000
    assert 30_500_000 < limits.seed_bytes < 50_000_000 <= limits.total_bytes
    assert limits.seeds >= 2000 and limits.field_chars == 200
    assert load_settings(ROOT / "config" / "convert.yml").limits == limits


def test_limits_unit(tmp_path: Path) -> None:
    from reportsite.errors import ReportError
    from reportsite.read import list_seeds
    from reportsite.settings import Limits

    folder = tmp_path / "s"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_bytes(b"x" * 100)
    assert len(list_seeds(folder, Limits(seeds=3, seed_bytes=100, total_bytes=300))) == 3
    for limits, word in [(Limits(seeds=2), "seeds"), (Limits(seed_bytes=99), "seed_bytes"),
                         (Limits(seed_bytes=100, total_bytes=299), "total_bytes")]:  # fmt: skip
        with pytest.raises(ReportError, match=word):
            list_seeds(folder, limits)


# ---------------------------------------------------------------------------------------------
# 8. Warnings: printed, exit 0; exit 1 under --strict; fail mkdocs build --strict.

def warned(seeds: Path, config: Path, tmp_path: Path, *needles: str) -> str:
    result = convert_here(seeds, tmp_path / "o", "--config", str(config))
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("warning: ")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    strict = convert_here(seeds, tmp_path / "o2", "--config", str(config), "--strict")
    assert strict.returncode == 1, strict.stderr
    assert lines[0] in strict.stderr and "Traceback" not in strict.stderr
    assert not (tmp_path / "o2").exists(), "--strict wrote output despite a warning"
    return lines[0]


def test_metadata_for_a_missing_seed_warns(seeds: Path, config: Path, tmp_path: Path) -> None:
    line = add_metadata(seeds, "000_1b6eb3483533bf3.txt:\n  title: 错字\n")
    warned(seeds, config, tmp_path, f"metadata.yml:{line}:", "000_1b6eb3483533bf3.txt")


def test_tags_for_a_missing_page_warns(seeds: Path, config: Path, tmp_path: Path) -> None:
    line = add_metadata(seeds, "new.txt:\n  tags:\n    '1': [维权关爱]\n    '9-9': [维权关爱]\n")
    shutil.copy(seeds / DISTRICT, seeds / "new.txt")
    warned(seeds, config, tmp_path, f"metadata.yml:{line + 3}:", "9-9")


@pytest.mark.parametrize("title", ["\u200b", "\u200b\u2060\ufeff\u200d", "\u3000\u200e\u00ad"])
def test_invisible_title_warns(title: str, seeds: Path, config: Path, tmp_path: Path) -> None:
    line = add_metadata(seeds, f'new.txt:\n  slug: ghost\n  title: "{title}"\n')
    shutil.copy(seeds / DISTRICT, seeds / "new.txt")
    warned(seeds, config, tmp_path, f"metadata.yml:{line + 2}:", "title of", "no visible")
    index = (tmp_path / "o" / "ghost" / "index.md").read_text(encoding="utf-8")
    assert "区妇联" in index.split("\n---", 1)[0], "the seed's own title stands in"


def test_warning_fails_strict_mkdocs_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    line = add_metadata(project / "seeds", "typo.txt:\n  title: 错字\n")
    result = mkdocs(project, "build", "--strict", "-d", str(tmp_path / "site"))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output, output[-3000:]
    named = [ln for ln in output.splitlines() if "metadata.yml" in ln]
    assert len(named) == 1 and f"metadata.yml:{line}:" in named[0], output[-2000:]
    assert "WARNING" in named[0], named


# ---------------------------------------------------------------------------------------------
# 9. mkdocs serve: a bad date gives one line, no traceback, and the preview keeps serving.

def test_serve_with_bad_date(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port, log = free_port(), tmp_path / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    page = f"http://127.0.0.1:{port}/reports/futian-2024-review-2025-plan/1/2/"
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        assert wait_for(lambda: "智慧" in fetch(page), 90), "serve did not come up"
        metadata = project / "seeds" / "metadata.yml"
        good = metadata.read_text(encoding="utf-8")
        metadata.write_text(good.replace("  issuer: 福田区妇女联合会\n",
                                         "  issuer: 福田区妇女联合会\n  date: 2025-13-45\n"),
                            encoding="utf-8")  # fmt: skip
        assert wait_for(lambda: "metadata.yml:" in log.read_text(encoding="utf-8"), 30)
        time.sleep(1)
        output = log.read_text(encoding="utf-8")
        assert "Traceback" not in output
        named = [ln for ln in output.splitlines() if "metadata.yml" in ln]
        assert len(named) == 1 and "metadata.yml:12:" in named[0] and "date" in named[0], named
        assert proc.poll() is None, "serve stopped"
        metadata.write_text(good.replace("福田区妇女联合会", "福田区妇联"), encoding="utf-8")
        assert wait_for(lambda: "福田区妇联" in fetch(page), 30), "serve did not recover"
    except BaseException:
        print(log.read_text(encoding="utf-8"))
        raise
    finally:
        stop_process_group(proc)


def test_a_huge_limit_reads_the_file_without_a_buffer_of_that_size(tmp_path: Path) -> None:
    from reportsite.errors import ReportError
    from reportsite.read import read_seed

    path = tmp_path / "a.txt"
    path.write_bytes("妇联工作报告。".encode() * 1000)
    # read(n) allocates n bytes up front: a limit of 1 TiB must not mean a 1 TiB buffer.
    assert read_seed(path, max_bytes=1 << 40).data == path.read_bytes()
    with pytest.raises(ReportError, match="grew past 100 bytes"):
        read_seed(path, max_bytes=100)
