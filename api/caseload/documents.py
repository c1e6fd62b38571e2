"""The reintegration plan as an A4 PDF (fpdf2 core fonts, Latin-1): the Bapas letterhead, the
client, the vacancies in words (no raw scores), advised schemes, placements, and the officer's
signature block with name, NIP, place and date."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from certification.documents import tanggal


def _t(text: object) -> str:
    """Core fonts are Latin-1: curly quotes become straight ones, anything else '?'."""
    s = str(text).replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-").replace("–", "-")
    return s.encode("latin-1", "replace").decode("latin-1")


def render_plan_pdf(plan: Any, paper: Any, places: dict[str, str], *, compress: bool = True) -> bytes:
    """``plan`` is ``api.caseload.service.Plan``; ``paper`` its ``PlanPaper``."""
    i = plan.file.inmate
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_t(f"Rencana reintegrasi {i.pseudonym}"))
    pdf.set_author(_t(paper.office.name))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    # letterhead: ministry, directorate, regional office, Bapas; a double rule under it
    for n, line in enumerate(paper.letterhead):
        pdf.set_font("Helvetica", "B", 12 if n in (0, len(paper.letterhead) - 1) else 10)
        pdf.cell(0, 6, _t(line), align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1.2, pdf.w - pdf.r_margin, y + 1.2)
    pdf.set_y(y + 5)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, "RENCANA REINTEGRASI KLIEN", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _t(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)

    def para(text: str, indent: float = 0) -> None:
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5, _t(text), new_x="LMARGIN", new_y="NEXT")

    heading("1. Identitas klien")
    region = places.get(i.domicile_regency_code, i.domicile_regency_code) if i.domicile_regency_code else "-"
    release = tanggal(i.expected_release_date) if i.expected_release_date else "-"
    for label, value in (
        ("Nama", f"{i.full_name} ({i.pseudonym})"), ("Lapas/Rutan", plan.file.facility.name),
        ("Perkiraan bebas", release), ("Kabupaten/kota domisili", region), ("Pendidikan", i.education or "-"),
        ("Keahlian", ", ".join(i.skills) or "-"), ("Riwayat kerja", "; ".join(i.work_history) or "-"),
    ):  # fmt: skip
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(48, 5, _t(label))
        pdf.multi_cell(0, 5, _t(f": {value}"), new_x="LMARGIN", new_y="NEXT")

    heading("2. Sertifikat kompetensi")
    for c in plan.file.certificates:
        para(f"- {c.scheme_title}, nomor {c.number}, berlaku sampai {tanggal(c.valid_until)}")
    if not plan.file.certificates:
        para("Belum ada sertifikat.")

    heading("3. Lowongan yang sesuai")
    for n, o in enumerate(plan.vacancies, 1):
        v = o.match.vacancy
        fit = paper.vacancy_fit.get(v.id, "")
        pdf.set_font("Helvetica", "B", 10)
        para(f"{n}. {v.title} - {o.employer_name}" + (f" ({fit})" if fit else ""))
        pdf.set_font("Helvetica", "", 10)
        for line in paper.vacancy_lines.get(v.id, ()):
            para(f"- {line}", indent=5)
    if not plan.vacancies:
        para("Belum ada lowongan yang sesuai.")

    heading("4. Pelatihan dan sertifikasi yang disarankan")
    if plan.gaps.missing_units:
        para("Unit yang belum dimiliki: " + ", ".join(plan.gaps.missing_units))
    else:
        para("Tidak ada kesenjangan unit untuk lowongan teratas.")
    for s in plan.gaps.schemes[:5]:
        title = plan.scheme_titles.get(s.scheme, s.scheme)
        brings = (f"menutup {len(s.covers_missing)} unit yang belum dimiliki" if s.covers_missing
                  else "sertifikasi keahlian sendiri, belum dimiliki")  # fmt: skip
        para(f"- Skema {title} ({s.scheme}): {brings}")

    heading("5. Penempatan dan tindak lanjut")
    for pv in plan.file.placements:
        done = ", ".join(f"{f.month} bulan" for f in pv.followups) or "belum ada"
        para(f"- {pv.placement.position_title} di {pv.employer_name} sejak {tanggal(pv.placement.started_on)}; "
             f"tindak lanjut tercatat: {done}")  # fmt: skip
    if not plan.file.placements:
        para("Belum ada penempatan. Tindak lanjut dilakukan 3, 6 dan 12 bulan setelah mulai bekerja.")

    # signature block: place and date, the officer (name, NIP) and the client
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    pdf.ln(8)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.multi_cell(half, 5, _t(f"{paper.dated}\nPembimbing Kemasyarakatan,"), align="C")
    pdf.set_xy(pdf.l_margin, top + 5)
    pdf.multi_cell(half, 5, "Klien,", align="C")
    sign = top + 32
    pdf.set_xy(pdf.l_margin + half, sign)
    pdf.set_font("Helvetica", "BU", 10)
    pdf.cell(half, 5, _t(paper.officer_name), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(half, 5, _t(f"NIP {paper.officer_nip}" if paper.officer_nip else "NIP -"), align="C")
    pdf.set_xy(pdf.l_margin, sign)
    pdf.set_font("Helvetica", "BU", 10)
    pdf.cell(half, 5, _t(i.full_name), align="C")
    return bytes(pdf.output())
