"""政策库 in the console: articles (list, form, preview, publishing), their PDFs, and the topics."""
