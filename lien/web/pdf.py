"""HTML to PDF with WeasyPrint, offline: the document may only embed ``data:`` resources. The one
helper of every printed page (reports, the programme's activity, advocacy dossiers, workshops)."""


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint is slow to import and logs its set-up at INFO level.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
