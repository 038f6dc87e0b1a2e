//! Requests a person did not make: link previews (a chat app unfurling a pasted link), mail
//! scanners opening every link of an invitation, search crawlers, the browser's own prefetch.
//! They see the page like anyone, but a visit they make is nobody's, so the report leaves it out.

/// Words in a `User-Agent` that only automated clients use (lower case). "bot" is one as a
/// name's end followed by a version or a comment ("Googlebot/2.1", "Slackbot-LinkExpanding"),
/// not inside a phone's name (a CUBOT phone).
const AUTOMATED: &[&str] = &[
    "bot/",
    "bot-",
    "bot;",
    "bot)",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "facebookexternalhit",
    "whatsapp",
    "embedly",
    "iframely",
    "skypeuripreview",
    "mimecast",
    "proofpoint",
    "barracuda",
    "bitdefender",
    "google-safety",
    "robot",
];

/// Whether a request with this `User-Agent` and `Sec-Purpose` (or `Purpose`) header was made by
/// a program rather than a person opening the page.
pub fn is_automated(user_agent: Option<&str>, purpose: Option<&str>) -> bool {
    if purpose.is_some_and(|p| p.to_ascii_lowercase().contains("prefetch")) {
        return true;
    }
    let agent = user_agent.unwrap_or_default().to_ascii_lowercase();
    AUTOMATED.iter().any(|word| agent.contains(word))
}

#[cfg(test)]
mod tests {
    use super::is_automated;

    #[test]
    fn link_previews_scanners_and_prefetches_are_not_people() {
        for agent in [
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "WhatsApp/2.23.20.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "TelegramBot (like TwitterBot)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Twitterbot/1.0",
            "Discordbot/2.0; +https://discordapp.com",
        ] {
            assert!(is_automated(Some(agent), None), "{agent}");
        }
        let chrome = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert!(!is_automated(Some(chrome), None));
        let cubot = "Mozilla/5.0 (Linux; Android 12; CUBOT X50) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
        assert!(!is_automated(Some(cubot), None), "a phone named CUBOT");
        assert!(is_automated(Some(chrome), Some("prefetch;prerender")));
        assert!(!is_automated(None, None), "a client without a User-Agent is not assumed a robot");
        // Tools a person drives (and headless browsers, which test suites drive) count.
        assert!(!is_automated(Some("curl/8.5.0"), None));
        assert!(!is_automated(
            Some(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
            ),
            None
        ));
    }
}
