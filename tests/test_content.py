"""Stage 1–2: loading and validating content reports every problem at its exact file:line:column."""

from __future__ import annotations

import pytest

from planbygg.errors import ContentError
from planbygg.load.folder import load, slugify


def problems(path):
    with pytest.raises(ContentError) as info:
        load(path)
    return [(str(p.where).split("/")[-1] if p.where else None, p.message, p.hint) for p in info.value.problems]


def test_minimal_folder_loads(folder):
    content = load(folder())
    assert content.documents == ["hoeringsutkast", "medvirkningsrapport", "hoeringsbrev"]
    assert content.data["tiltaksdel"]["strategier"][0]["id"] == "1"
    assert [t["id"] for t in content.data["tiltaksdel"]["strategier"][0]["tiltak"]] == ["1.1", "1.2"]
    assert content.chapters[0].title == "Innledning"
    assert content.language == "nb"
    assert content.slug == "provestad"


def test_every_problem_is_reported_at_once_with_its_location(folder):
    path = folder(
        {
            "strategier.yaml": """\
                strategier:
                  - tittel: Tidlig innsats
                    tiltak:
                      - tekst: Foreldreveiledning
                        ansvarlig: 42
                        nivaa: universell
                        tidsramme: 2025
            """
        }
    )
    found = problems(path)
    assert not any("42" in m for _, m, _ in found)  # numbers are accepted where text is expected
    assert ("strategier.yaml:6:9", "ukjent felt «nivaa»", "mente du «nivå»?") in found
    assert not any("«nivå»" in m and "påkrevde" in m for _, m, _ in found)  # a plan may leave out the level


def test_wrong_choice_suggests_the_closest_word(folder):
    path = folder({"planbygg.yaml": MINIMAL_WITH("vedtaksorgan: kommunestyret", "vedtaksorgan: komunestyret")})
    assert ("planbygg.yaml:11:17", "«komunestyret» er ikke tillatt her", "mente du «kommunestyret»?") in problems(path)


def test_bad_date_and_deadline_before_sending(folder):
    path = folder(
        {
            "horing.yaml": """\
                sendt: 2025-03-03
                frist: 2025-02-30
                dokumenter_url: www.provestad.no
                svar: {}
                kontaktperson: {navn: Ola}
                signatur: [{navn: Kari, tittel: leder}]
            """
        }
    )
    found = problems(path)
    assert (
        "horing.yaml:2:8",
        "forventet en dato (ÅÅÅÅ-MM-DD), fant teksten «2025-02-30»",
        "skriv datoen som 2024-06-15",
    ) in found
    assert any(w == "horing.yaml:3:17" and "har feil form" in m for w, m, _ in found)
    assert any(w == "horing.yaml:4:1" and m == "ingen måte å svare på" for w, m, _ in found)


def test_yaml_syntax_error_is_located(folder):
    path = folder({"medvirkning.yaml": "aktiviteter:\n  - navn: x\n   sted: y\n"})
    (where, message, _hint) = problems(path)[0]
    assert where.startswith("medvirkning.yaml:3")
    assert message.startswith("YAML-feil")


def test_follow_up_must_point_at_an_existing_strategy(folder):
    path = folder(
        {
            "medvirkning.yaml": """\
                aktiviteter:
                  - navn: Verksted
                    tidspunkt: høsten 2024
                    sted: Rådhuset
                    målgruppe: Elever
                    metode: Verksted
                    innspill:
                      - tema: Fritid
                        punkter: [Flere møteplasser]
                        oppfølging: {strategi: "7"}
            """
        }
    )
    assert any(w == "medvirkning.yaml:10:32" and "ingen strategi med id «7»" in m for w, m, _ in problems(path))


def test_files_may_not_point_outside_the_folder(folder, tmp_path):
    (tmp_path / "hemmelig.png").write_bytes(b"x")
    path = folder(
        {
            "planbygg.yaml": MINIMAL_WITH(
                "  styringsform: kommunedirektør", "  styringsform: kommunedirektør\n  logo: ../hemmelig.png\n  logo_alt: logo"
            )
        }
    )
    assert any("peker ut av kommunemappen" in m for _, m, _ in problems(path))


def test_missing_folder_and_missing_project_file(tmp_path):
    with pytest.raises(ContentError, match="finner ikke mappen"):
        load(tmp_path / "nei")
    with pytest.raises(ContentError, match=r"ingen planbygg\.yaml"):
        load(tmp_path)


def test_slugify():
    assert slugify("Bærum kommune") == "baerum"
    assert slugify("Ål kommune") == "aal"


def MINIMAL_WITH(old: str, new: str) -> str:
    import textwrap

    from conftest import MINIMAL

    text = textwrap.dedent(MINIMAL["planbygg.yaml"])
    assert old in text
    return text.replace(old, new)
