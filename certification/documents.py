"""Certificate documents: a plain render model (for the HTML page) and the PDF with a QR code.

The Verifiable Credential export and its offline verification are in certification.credentials.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import qrcode
from fpdf import FPDF
from qrcode.image.pil import PilImage

from certification import rules
from models.records import CertificateDetail

STATUS_LABELS = {
    rules.ACTIVE: "Aktif",
    rules.SUSPENDED: "Dibekukan",
    rules.EXPIRED: "Kedaluwarsa",
    rules.REVOKED: "Dicabut",
    rules.RENEWED: "Diperbarui",
}
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(d: date) -> str:
    """1 Maret 2025."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def verify_url(base_url: str, number: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{quote(number, safe='/')}"


# --- render model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificatePage:
    """Everything the certificate page and PDF print, as plain values."""

    number: str
    scheme_code: str
    scheme_title: str
    lsp_code: str
    lsp_name: str
    holder_name: str
    units: tuple[tuple[str, str], ...]
    issued_on: str
    valid_until: str
    status: str
    status_label: str
    status_reason: str | None
    verify_url: str
    renewed_from: str | None
    renewed_to: str | None
    claim_code: str | None = None  # the holder's claim code (the PIN is on the release papers only)


def render_model(detail: CertificateDetail, today: date, base_url: str) -> CertificatePage:
    c = detail.certificate
    status = rules.derive_status(c, today)
    return CertificatePage(
        number=c.number,
        scheme_code=detail.scheme_code,
        scheme_title=detail.scheme_title,
        lsp_code=detail.lsp_code,
        lsp_name=detail.lsp_name,
        holder_name=detail.holder_name,
        units=tuple((u.code, u.title) for u in detail.units),
        issued_on=tanggal(c.issued_on),
        valid_until=tanggal(c.valid_until),
        status=status.state,
        status_label=STATUS_LABELS[status.state],
        status_reason=status.reason,
        verify_url=verify_url(base_url, c.number),
        renewed_from=detail.renewed_from_number,
        renewed_to=detail.renewed_to_number,
    )


def qr_png(url: str) -> bytes:
    # Pillow's image (pillow comes with fpdf2), named so the PNG format argument is typed.
    img = qrcode.make(url, box_size=6, border=2, image_factory=PilImage)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _latin1(text: str) -> str:
    """The PDF's core fonts are Latin-1; anything else becomes '?' rather than failing."""
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(page: CertificatePage, *, compress: bool = True) -> bytes:
    """An A4 certificate in Bahasa Indonesia with a QR code to the verify page."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_latin1(f"Sertifikat Kompetensi {page.number}"))
    pdf.set_author(_latin1(page.lsp_name))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 12, "SERTIFIKAT KOMPETENSI", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, _latin1(f"Nomor: {page.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(
        0, 6, _latin1(f"{page.lsp_name} ({page.lsp_code}) menyatakan bahwa"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, _latin1(page.holder_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "telah dinyatakan KOMPETEN pada skema sertifikasi", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 8, _latin1(f"{page.scheme_title} ({page.scheme_code})"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "Unit kompetensi:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for i, (code, title) in enumerate(page.units, 1):
        pdf.multi_cell(0, 6, _latin1(f"{i}. {code}  {title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, _latin1(f"Tanggal terbit: {page.issued_on}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _latin1(f"Berlaku sampai: {page.valid_until}"), new_x="LMARGIN", new_y="NEXT")
    # No printed status: it would stay on paper after a suspension or revocation; the QR code and
    # the verify page give the live one. The signatory block names the issuer and the date.
    pdf.ln(4)
    pdf.multi_cell(0, 6, _latin1(f"Ditetapkan pada {page.issued_on}"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, _latin1(f"Ketua {page.lsp_name}"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        0, 5, "ditandatangani secara elektronik (tanda tangan digital LSP)", align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 11)
    pdf.ln(4)
    y = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(page.verify_url)), x=pdf.l_margin, y=y, w=35, h=35)
    pdf.set_xy(pdf.l_margin + 40, y + 8)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        _latin1(f"Periksa keaslian dan status sertifikat ini di:\n{page.verify_url}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if page.claim_code:
        pdf.set_xy(pdf.l_margin, y + 40)
        pdf.multi_cell(
            0,
            5,
            _latin1(
                f"Kode klaim pemegang: {page.claim_code} (PIN tercantum pada surat pembebasan; "
                "buka di /sertifikat-saya)"
            ),  # fmt: skip
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())
