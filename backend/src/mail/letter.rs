//! The one template every message is made from: the studio's name, colour and logo at the top, a
//! greeting, paragraphs, optional sections (the digest's galleries), one button, and a footer with
//! the unsubscribe link where the mail can be switched off. `text()` and `html()` are the two
//! parts of the same message; the HTML is a single centred column with inline styles (what mail
//! programs render), every value escaped.

use crate::entities::studio;

/// Who the message is from, as the reader recognises them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    pub name: String,
    /// `#rrggbb`; anything else falls back to the default (`domain::brand`).
    pub accent: String,
    /// An absolute URL of the studio's logo.
    pub logo: Option<String>,
}

impl Brand {
    /// The studio's brand, with its logo made absolute against `origin`.
    pub fn of(s: &studio::Model, origin: &str) -> Brand {
        Brand {
            name: s.name.clone(),
            accent: s.accent_color.clone(),
            logo: crate::studio::settings::logo_url(s).map(|path| format!("{origin}{path}")),
        }
    }

    /// Mail Proofroom sends a studio itself (its digest, notices): Proofroom's name, the
    /// studio's accent.
    pub fn to_studio(s: &studio::Model) -> Brand {
        Brand { name: "Proofroom".to_owned(), accent: s.accent_color.clone(), logo: None }
    }

    /// The accent as the button and links show it: darkened where white text would not read.
    fn colour(&self) -> String {
        domain::brand::readable_accent(&self.accent)
    }
}

/// A titled group of lines (the digest's galleries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub lines: Vec<String>,
    /// A link under the lines ("Open the gallery").
    pub link: Option<(String, String)>,
}

/// A message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub brand: Brand,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub sections: Vec<Section>,
    /// The button: its words and where it goes.
    pub action: Option<(String, String)>,
    /// Small print under the button.
    pub footer: Vec<String>,
    /// The unsubscribe link and what it switches off ("the daily digest").
    pub unsubscribe: Option<(String, String)>,
}

impl Letter {
    /// The plain-text part.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n\n", self.greeting);
        for paragraph in &self.paragraphs {
            out.push_str(paragraph);
            out.push_str("\n\n");
        }
        for section in &self.sections {
            out.push_str(&format!("{}\n", section.heading));
            for line in &section.lines {
                out.push_str(&format!("  - {line}\n"));
            }
            if let Some((words, url)) = &section.link {
                out.push_str(&format!("  {words}: {url}\n"));
            }
            out.push('\n');
        }
        if let Some((words, url)) = &self.action {
            out.push_str(&format!("{words}:\n{url}\n\n"));
        }
        for line in &self.footer {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!("\n— {}\n", self.brand.name));
        if let Some((url, what)) = &self.unsubscribe {
            out.push_str(&format!("\nTo stop {what}: {url}\n"));
        }
        out
    }

    /// The HTML part.
    pub fn html(&self) -> String {
        let accent = self.brand.colour();
        let mut body = String::new();
        let header = match &self.brand.logo {
            Some(logo) => format!(
                r#"<img src="{}" alt="{}" style="max-height:48px;max-width:240px;border:0">"#,
                esc(logo),
                esc(&self.brand.name)
            ),
            None => format!(
                r#"<span style="font-size:20px;font-weight:600;color:{accent}">{}</span>"#,
                esc(&self.brand.name)
            ),
        };
        body.push_str(&format!(r#"<p style="margin:0 0 16px">{}</p>"#, esc(&self.greeting)));
        for paragraph in &self.paragraphs {
            body.push_str(&format!(r#"<p style="margin:0 0 16px;white-space:pre-line">{}</p>"#, esc(paragraph)));
        }
        for section in &self.sections {
            body.push_str(&format!(
                r#"<h2 style="font-size:16px;margin:24px 0 8px;color:#222">{}</h2><ul style="margin:0 0 8px;padding-left:20px">"#,
                esc(&section.heading)
            ));
            for line in &section.lines {
                body.push_str(&format!(r#"<li style="margin:0 0 4px">{}</li>"#, esc(line)));
            }
            body.push_str("</ul>");
            if let Some((words, url)) = &section.link {
                body.push_str(&format!(
                    r#"<p style="margin:0 0 16px"><a href="{}" style="color:{accent}">{}</a></p>"#,
                    esc(url),
                    esc(words)
                ));
            }
        }
        if let Some((words, url)) = &self.action {
            body.push_str(&format!(
                r#"<p style="margin:24px 0"><a href="{}" style="display:inline-block;background:{accent};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">{}</a></p><p style="margin:0 0 16px;font-size:13px;color:#555;word-break:break-all">{}</p>"#,
                esc(url),
                esc(words),
                esc(url)
            ));
        }
        let mut small = String::new();
        for line in &self.footer {
            small.push_str(&format!(r#"<p style="margin:0 0 8px">{}</p>"#, esc(line)));
        }
        if let Some((url, what)) = &self.unsubscribe {
            small.push_str(&format!(
                r#"<p style="margin:0 0 8px"><a href="{}" style="color:#555">Unsubscribe</a> from {}.</p>"#,
                esc(url),
                esc(what)
            ));
        }
        format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title></head><body style="margin:0;padding:0;background:#f4f4f2"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f2"><tr><td align="center" style="padding:24px 12px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;border-top:4px solid {accent}"><tr><td style="padding:24px 24px 8px">{header}</td></tr><tr><td style="padding:8px 24px 24px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222">{body}</td></tr><tr><td style="padding:16px 24px;border-top:1px solid #eee;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:12px;color:#666">{small}</td></tr></table></td></tr></table></body></html>"#,
            title = esc(&self.brand.name),
        )
    }
}

/// Escapes text for HTML (element content and quoted attributes).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> Letter {
        Letter {
            brand: Brand { name: "Anna <b>Studio</b>".to_owned(), accent: "red;}".to_owned(), logo: None },
            greeting: "Hello Ben,".to_owned(),
            paragraphs: vec!["Your gallery \"Wedding\" is ready.".to_owned()],
            sections: vec![Section {
                heading: "Wedding".to_owned(),
                lines: vec!["3 selects by <ben@example.com>".to_owned()],
                link: Some(("Open".to_owned(), "https://x.example/g/w?a=1&b=2".to_owned())),
            }],
            action: Some(("Open your gallery".to_owned(), "https://x.example/l/abc".to_owned())),
            footer: vec!["Sent by Proofroom.".to_owned()],
            unsubscribe: Some(("https://x.example/unsubscribe/t".to_owned(), "gallery invitations".to_owned())),
        }
    }

    #[test]
    fn both_parts_carry_the_same_message_and_the_html_escapes_it() {
        let l = letter();
        let text = l.text();
        assert!(text.starts_with("Hello Ben,\n\nYour gallery \"Wedding\" is ready."), "{text}");
        assert!(text.contains("  - 3 selects by <ben@example.com>"), "{text}");
        assert!(text.contains("Open your gallery:\nhttps://x.example/l/abc"), "{text}");
        assert!(text.contains("To stop gallery invitations: https://x.example/unsubscribe/t"), "{text}");
        let html = l.html();
        assert!(html.contains("Anna &lt;b&gt;Studio&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;ben@example.com&gt;"));
        assert!(html.contains(r#"href="https://x.example/g/w?a=1&amp;b=2""#));
        assert!(!html.contains("red;}"), "a bad colour is never written into a style");
        assert!(html.contains(domain::brand::DEFAULT_ACCENT));
    }
}
