"""HTML to PDF: the shared helper of ``lien/web/pdf.py``, under the name the reports' callers use."""

from lien.web.pdf import html_to_pdf

__all__ = ["html_to_pdf"]
