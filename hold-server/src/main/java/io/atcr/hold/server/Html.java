package io.atcr.hold.server;

/** The hold's few plain HTML pages. */
final class Html {
    private Html() {
    }

    /** A readable page; {@code bodyHtml} is trusted markup, everything else is escaped. */
    static String page(String title, String bodyHtml, String backUrl) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>%s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
                </head><body><h1>%s</h1><p>%s</p><p><a href="%s">Back to the hold</a></p></body></html>
                """.formatted(escape(title), escape(title), bodyHtml, escape(backUrl));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
