"""`build --pdf`: tagged PDF/A from one LibreOffice per run, checked with pikepdf; and LibreOffice's lifetime."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from test_examples import ROOT, planbygg
from writer_sample import TIMESTAMP, plan_document, write_logo

from planbygg.write.docx.writer import write_docx
from planbygg.write.pdf import find_soffice
from planbygg.write.pdfa import _untag_layout_tables, docx_facts, finish

HAS_OFFICE = find_soffice() is not None


# -- without LibreOffice ------------------------------------------------------------------------


def test_docx_facts_give_the_timestamp_and_each_charts_alt_text(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(write_docx(plan_document(write_logo(tmp_path))))
    facts = docx_facts(path)
    assert facts.timestamp == TIMESTAMP
    assert facts.layout_tables  # the sample has a letterhead and an answer box
    assert facts.watermark == "HØRINGSUTKAST"
    assert facts.charts == [
        [
            "Bekymringsmeldinger etter kilde (2023)",
            "Stolpediagram: skole sendte 42 bekymringsmeldinger, politi 31, helsestasjon 18, barnehage 12, foreldre 9, andre 6.",
        ]
    ]


def _tagged_pdf(path: Path, *, icc_date: bytes) -> None:
    """A small PDF shaped like LibreOffice's: XMP dates, an sRGB output intent and a structure tree."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    icc = bytearray(128) + b"profile"
    icc[24:36] = icc_date
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, DestOutputProfile=pdf.make_stream(bytes(icc))
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])

    def element(tag: str, *kids: Any) -> pikepdf.Dictionary:
        return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name(tag), K=pikepdf.Array(list(kids))))

    letterhead = element("/Table", element("/TR", element("/TD", element("/P")), element("/TD")))
    data = element("/Table", element("/TR", element("/TH"), element("/TH")), element("/TR", element("/TD"), element("/TD")))
    data.K[0].K[0].A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column)
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=element("/Document", letterhead, data))
    )
    pdf.docinfo["/CreationDate"] = "D:20261129183306Z"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["xmp:CreateDate"] = "2026-11-29T18:33:06Z"
    pdf.save(path)


def test_finish_stamps_the_documents_date_so_the_same_document_gives_the_same_bytes(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    _tagged_pdf(a, icc_date=bytes.fromhex("07ea000b001d001200210006"))
    _tagged_pdf(b, icc_date=bytes.fromhex("07ea000b001d001300020001"))
    first, second = finish(a, TIMESTAMP), finish(b, TIMESTAMP)
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert pdf.docinfo["/CreationDate"] == "D:20240502000000Z"
        with pdf.open_metadata() as meta:
            assert meta["xmp:CreateDate"] == "2024-05-02T00:00:00Z"
        icc = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert icc[24:36] == bytes.fromhex("07e8000500020000 00000000".replace(" ", ""))


def test_finish_untags_tables_without_header_cells_and_keeps_data_tables(tmp_path):
    path = tmp_path / "a.pdf"
    _tagged_pdf(path, icc_date=bytes(12))
    with pikepdf.open(io.BytesIO(finish(path, None))) as pdf:
        letterhead, data = pdf.Root.StructTreeRoot.K.K
        assert [letterhead.S, letterhead.K[0].S, letterhead.K[0].K[0].S] == ["/Div", "/Div", "/Div"]
        assert letterhead.K[0].K[0].K[0].S == "/P"  # the content inside keeps its own tag
        assert [data.S, data.K[0].K[0].S, data.K[1].K[0].S] == ["/Table", "/TH", "/TD"]
        assert data.K[0].K[0].A.Scope == "/Column"
        _untag_layout_tables(pdf)  # idempotent


def _figures_pdf(path: Path) -> None:
    """A structure tree like LibreOffice's for a report: the watermark, a logo with alt text, a chart without."""
    pdf = pikepdf.new()
    pdf.add_blank_page()

    def element(tag: str, *kids: Any, alt: str | None = None) -> pikepdf.Dictionary:
        node = pikepdf.Dictionary(S=pikepdf.Name(tag), K=pikepdf.Array(list(kids)))
        if alt is not None:
            node.Alt = pikepdf.String(alt)
        return pdf.make_indirect(node)

    document = element(
        "/Document",
        element("/Figure"),  # the watermark: a figure right under the document element
        element("/P", element("/Figure", alt="Kommunevåpen")),
        element("/P", element("/Figure")),
    )
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=document))
    pdf.save(path)


def test_finish_gives_the_charts_their_alt_text_and_never_guesses(tmp_path):
    path = tmp_path / "a.pdf"
    _figures_pdf(path)
    with pikepdf.open(io.BytesIO(finish(path, None, False, "", ["Stolpediagram over deltakere"]))) as pdf:
        watermark, logo, chart = pdf.Root.StructTreeRoot.K.K
        assert str(watermark.get("/Alt", "")) == ""  # not a chart: the watermark has its own text
        assert str(logo.K[0].Alt) == "Kommunevåpen"
        assert str(chart.K[0].Alt) == "Stolpediagram over deltakere"
    with pikepdf.open(io.BytesIO(finish(path, None, False, "", ["Diagram 1", "Diagram 2"]))) as pdf:
        assert "/Alt" not in pdf.Root.StructTreeRoot.K.K[2].K[0]  # two texts, one figure: which one? none


def test_missing_libreoffice_is_a_norwegian_message_with_how_to_install(tmp_path, monkeypatch):
    folder = tmp_path / "baerum"
    shutil.copytree(ROOT / "examples" / "baerum", folder, ignore=shutil.ignore_patterns("build"))
    monkeypatch.setenv("PLANBYGG_SOFFICE", str(tmp_path / "finnes-ikke" / "soffice"))
    result = planbygg("build", str(folder), "--pdf")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--pdf trenger LibreOffice" in result.stderr
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not (folder / "build").exists()  # nothing was built: the message comes first


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_a_missing_python_bridge_is_a_message_before_anything_is_built(tmp_path, monkeypatch):
    """The bridge starts while planbygg imports itself; when no Python has `uno`, the build says so first."""
    fake = tmp_path / "program" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    fake.chmod(0o755)
    folder = tmp_path / "baerum"
    shutil.copytree(ROOT / "examples" / "baerum", folder, ignore=shutil.ignore_patterns("build"))
    monkeypatch.setenv("PLANBYGG_SOFFICE", str(fake))
    monkeypatch.setenv("PLANBYGG_UNO_PYTHON", shutil.which("false") or "/bin/false")
    result = planbygg("build", str(folder), "--pdf")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "python3-uno" in result.stderr
    assert not (folder / "build").exists()


# -- with LibreOffice ----------------------------------------------------------------------------

FOLDERS = {
    "baerum": ["hoeringsutkast", "medvirkningsrapport", "hoeringsbrev"],
    "bergen": ["hoeringsutkast", "medvirkningsrapport", "hoeringsbrev", "hoeringsskjema"],
    "provestad": ["hoeringsutkast", "medvirkningsrapport", "hoeringsbrev"],  # nynorsk
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build both examples and a nynorsk folder with --pdf --html in one run (one LibreOffice)."""
    if not HAS_OFFICE:
        pytest.skip("LibreOffice (soffice) er ikke installert")
    from conftest import MINIMAL, write_folder

    base = tmp_path_factory.mktemp("pdf")
    for name in ("baerum", "bergen"):
        shutil.copytree(ROOT / "examples" / name, base / name, ignore=shutil.ignore_patterns("build"))
    write_folder(base / "provestad", {"planbygg.yaml": MINIMAL["planbygg.yaml"].replace("målform: bokmål", "målform: nynorsk")})
    started = time.monotonic()
    result = planbygg("build", *(str(base / n) for n in FOLDERS), "--pdf", "--html", "-j", "2", "--ignorer-krav")
    assert result.returncode == 0, result.stdout + result.stderr
    return {"base": base, "output": result.stdout, "seconds": time.monotonic() - started}


def _pdfs(built: dict[str, Any]) -> list[tuple[str, str, Path]]:
    return [
        (name, kind, built["base"] / name / "build" / f"{name}-{kind}.pdf") for name, kinds in FOLDERS.items() for kind in kinds
    ]


def _walk(node: Any) -> Any:
    """Every structure element below `node`."""
    kids = node.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def _standard(pdf: pikepdf.Pdf, tag: str) -> str:
    """The standard structure type of `tag` (LibreOffice tags paragraphs by style and maps them)."""
    role = pdf.Root.StructTreeRoot.get("/RoleMap") or {}
    return str(role.get(tag, tag))


@pytest.mark.libreoffice
def test_every_document_has_a_pdf_beside_it_and_in_the_web_folder(built):
    for name, kind, path in _pdfs(built):
        assert path.is_file(), path
        assert (path.parent / "nett" / path.name).read_bytes() == path.read_bytes()
        assert f"{name}-{kind}.pdf" in built["output"]
    index = (built["base"] / "baerum" / "build" / "nett" / "index.html").read_text(encoding="utf-8")
    assert 'href="baerum-hoeringsutkast.pdf">last ned som PDF</a>' in index


@pytest.mark.libreoffice
def test_pdfs_are_tagged_pdf_a_with_language_title_and_embedded_fonts(built):
    import docx

    for name, kind, path in _pdfs(built):
        where = path.name
        title = docx.Document(str(path.with_suffix(".docx"))).core_properties.title
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            assert str(root.Lang) == ("nn-NO" if name == "provestad" else "nb-NO"), where
            assert root.MarkInfo.Marked is True, where
            assert root.ViewerPreferences.DisplayDocTitle is True, where
            assert str(pdf.docinfo["/Title"]) == title, where
            with pdf.open_metadata() as meta:
                assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B", where
                assert meta["pdfuaid:part"] == "1", where
                assert meta["dc:title"] == title, where
            for page in pdf.pages:
                for font in (page.Resources.get("/Font") or {}).values():
                    descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (where, font.BaseFont)
            tags = [_standard(pdf, str(e.S)) for e in _walk(root.StructTreeRoot)]
            assert tags.count("/H1") >= 1, where
            figures = [e for e in _walk(root.StructTreeRoot) if e.S == "/Figure"]
            assert all(str(f.get("/Alt", "")).strip() for f in figures), (where, len(figures))
            if kind in ("hoeringsutkast", "medvirkningsrapport"):
                assert "/L" in tags and "/LI" in tags, where
                tables = [e for e in _walk(root.StructTreeRoot) if e.S == "/Table"]
                assert tables, where
                for table in tables:  # data tables: the first row is header cells with column scope
                    first_row = next(e for e in _walk(table) if e.S == "/TR")
                    cells = [c for c in _walk(first_row) if c.S in ("/TH", "/TD")]
                    assert cells and all(c.S == "/TH" for c in cells), where
                    scopes = [a.get("/Scope") for c in cells for a in _attributes(c)]
                    assert "/Column" in scopes, where


def _attributes(element: Any) -> list[Any]:
    a = element.get("/A")
    return [] if a is None else list(a) if isinstance(a, pikepdf.Array) else [a]


@pytest.mark.libreoffice
def test_chart_and_watermark_keep_their_alt_text_and_the_letterhead_is_no_table(built):
    base = built["base"]
    with pikepdf.open(base / "baerum" / "build" / "baerum-medvirkningsrapport.pdf") as pdf:
        alts = [str(e.Alt) for e in _walk(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert any("diagram" in a.lower() and "deltakere" in a for a in alts), alts
    with pikepdf.open(base / "baerum" / "build" / "baerum-hoeringsutkast.pdf") as pdf:
        alts = [str(e.Alt) for e in _walk(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert "HØRINGSUTKAST" in alts
    with pikepdf.open(base / "baerum" / "build" / "baerum-hoeringsbrev.pdf") as pdf:
        assert not [e for e in _walk(pdf.Root.StructTreeRoot) if e.S == "/Table"]


@pytest.mark.libreoffice
def test_rebuild_keeps_pdfs_and_a_new_conversion_gives_the_same_bytes(built, tmp_path):
    folder = built["base"] / "bergen"
    pdf = folder / "build" / "bergen-hoeringsskjema.pdf"
    before = pdf.read_bytes()
    again = planbygg("build", str(folder), "--pdf")
    assert again.returncode == 0, again.stderr
    assert "bergen-hoeringsskjema.pdf (" in again.stdout and "uendret" in again.stdout
    pdf.unlink()
    (folder / "build" / "nett" / pdf.name).unlink()
    remade = planbygg("build", str(folder), "--pdf", "--html")
    assert remade.returncode == 0, remade.stderr
    assert pdf.read_bytes() == before


def _children() -> dict[int, int]:
    """{pid: parent pid} of every process (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def _descendants(pid: int) -> set[int]:
    parents = _children()
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _office_of(pid: int) -> set[int]:
    """The soffice processes started for planbygg process `pid`."""
    out = set()
    for child in _descendants(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"soffice" in cmd and b"planbygg-libreoffice-" in cmd:
            out.add(child)
    return out


def _home(pid: int) -> Path | None:
    """The private folder of the soffice process `pid` (None if it has just ended)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
    except OSError:
        return None
    if "UserInstallation=file://" not in cmdline:
        return None  # a zombie's command line is empty
    return Path(cmdline.split("UserInstallation=file://", 1)[1].split("\0", 1)[0]).parent


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.libreoffice
@pytest.mark.skipif(not HAS_OFFICE or not sys.platform.startswith("linux"), reason="LibreOffice og Linux trengs")
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
@pytest.mark.parametrize("when", ["starting", "converting"])
def test_libreoffice_never_outlives_the_command(tmp_path, how, when):
    folder = tmp_path / "baerum"
    shutil.copytree(ROOT / "examples" / "baerum", folder, ignore=shutil.ignore_patterns("build"))
    exe = shutil.which("planbygg")
    command = [exe] if exe else [sys.executable, "-m", "planbygg"]
    proc = subprocess.Popen(
        [*command, "build", str(folder), "--pdf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "cli")},
    )
    office: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        office = _office_of(proc.pid)
        # "converting": the .docx files are written, so LibreOffice is at work on them
        if office and (when == "starting" or list((folder / "build").glob("*.docx"))):
            break
        time.sleep(0.02)
    assert office, "LibreOffice never started"
    homes = {home for pid in office if (home := _home(pid)) is not None}
    assert len(homes) == 1, homes
    home = homes.pop()
    assert home.name.startswith("planbygg-libreoffice-") and home.is_dir()
    proc.send_signal(how)
    _, err = proc.communicate(timeout=60)
    if how == signal.SIGINT:
        assert proc.returncode == 130, err
        assert b"Traceback" not in err
    deadline = time.monotonic() + 30
    while _alive(office) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(office), "soffice outlived planbygg"
    while home.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    if home.exists() and how == signal.SIGKILL:  # killed before anything could clean up: the next run does
        from planbygg.write.pdf import Office

        Office().close()
    assert not home.exists(), "LibreOffice's profile and temporary files were left behind"


@pytest.mark.libreoffice
@pytest.mark.skipif(not HAS_OFFICE or not sys.platform.startswith("linux"), reason="LibreOffice og Linux trengs")
def test_a_batch_with_jobs_shares_one_libreoffice(tmp_path):
    from conftest import write_folder

    folders = [write_folder(tmp_path / f"k{i}", {}) for i in range(3)]
    exe = shutil.which("planbygg")
    command = [exe] if exe else [sys.executable, "-m", "planbygg"]
    proc = subprocess.Popen(
        [*command, "build", *map(str, folders), "--pdf", "-j", "2", "--ignorer-krav", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "cli")},
    )
    homes: set[Path] = set()
    while proc.poll() is None:
        homes |= {home for pid in _office_of(proc.pid) if (home := _home(pid)) is not None}
        time.sleep(0.02)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert len(list(tmp_path.glob("k*/build/*.pdf"))) == 9
    assert len(homes) == 1, homes  # one LibreOffice (a restart after setting up its profile keeps its folder)


@pytest.mark.libreoffice
@pytest.mark.skipif(not HAS_OFFICE, reason="LibreOffice (soffice) er ikke installert")
def test_the_queue_converts_each_document_once_and_names_the_users_file_in_errors(tmp_path):
    from planbygg.write.pdf import Office, PdfError
    from planbygg.write.pdfqueue import PdfQueue

    data = write_docx(plan_document(write_logo(tmp_path)))
    with Office() as office:
        converted: list[Path] = []
        convert = office.convert
        office.convert = lambda docx, target: (converted.append(docx), convert(docx, target))[1]  # type: ignore[method-assign]
        queue = PdfQueue(office)
        try:
            queue.submit(data)
            queue.submit(data)  # the same bytes again: one conversion
            broken = b"PK\x03\x04 ikke et dokument"
            made = queue.result(data, tmp_path / "plan.docx")
            failed = queue.result(broken, tmp_path / "ut" / "brev.docx")  # never submitted: converted when asked for
        finally:
            queue.close()
    assert isinstance(made, bytes) and made.startswith(b"%PDF")
    assert len(converted) == 1  # the broken one never reached LibreOffice: it is not a .docx
    assert not queue._jobs  # what was taken is not kept
    assert isinstance(failed, PdfError)
    assert [str(p.where) for p in failed.problems] == [str(tmp_path / "ut" / "brev.docx")]
    assert "ikke en lesbar .docx" in failed.problems[0].message


@pytest.mark.libreoffice
@pytest.mark.skipif(not HAS_OFFICE, reason="LibreOffice (soffice) er ikke installert")
def test_a_build_the_check_stops_writes_no_pdf_although_libreoffice_started_on_it(tmp_path):
    """LibreOffice starts on each .docx before the check ends; a build the check stops writes nothing."""
    from conftest import MINIMAL, write_folder

    folder = write_folder(
        tmp_path / "k",
        {"planbygg.yaml": MINIMAL["planbygg.yaml"].replace("vedtaksorgan: kommunestyret", "vedtaksorgan: formannskapet")},
    )
    result = planbygg("build", str(folder), "--pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BVL-15-1-KS-VEDTAK" in result.stdout + result.stderr
    assert not (folder / "build").exists()


def test_the_profile_says_libreoffice_has_met_its_version_so_it_skips_its_graphics_self_test(tmp_path):
    """Headless, LibreOffice never records its version and runs ~100 drawing tests at every start (~1 s)."""
    from planbygg.write.pdf import _mark_version_seen

    soffice = tmp_path / "lo" / "program" / "soffice.bin"
    soffice.parent.mkdir(parents=True)
    soffice.write_bytes(b"")
    registry = tmp_path / "lo" / "share" / "registry" / "main.xcd"
    registry.parent.mkdir(parents=True)
    registry.write_text('<prop oor:name="ooSetupVersion">\n  <value>7.4</value>\n</prop>', encoding="utf-8")
    new = tmp_path / "ny-profil"
    _mark_version_seen(soffice, new)  # a profile LibreOffice has not set up yet
    xcu = (new / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert '<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>7.4</value></prop>' in xcu
    assert xcu.rstrip().endswith("</oor:items>")
    _mark_version_seen(soffice, new)  # once only
    assert (new / "user" / "registrymodifications.xcu").read_text(encoding="utf-8") == xcu
    unknown = tmp_path / "annen" / "soffice"
    unknown.parent.mkdir()
    unknown.write_bytes(b"")
    _mark_version_seen(unknown, tmp_path / "p2")  # no main.xcd where we look: LibreOffice runs its tests, as before
    assert not (tmp_path / "p2").exists()
