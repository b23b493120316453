"""政策库: policy articles, their topics and PDF attachments; the sanitizer of their rich text."""
