//! Prices: whole minor units (cents) of one ISO 4217 currency, parsed from what a photographer
//! types and formatted for buyers. Never floating point.

use crate::validation::FieldError;
use iso_currency::IntoEnumIterator;
use serde::{Deserialize, Serialize};

/// The highest price of one product, in minor units of its currency: a full buyout can be dear,
/// not unbounded, and 500 lines of it still add up far inside an `i64`. A guard against typos
/// and overflow, not a judgement of worth (it is a billion euros, and some 60,000 dollars in
/// rupiah): a cap of a million major units refused a 1,000-dollar print priced in dong.
pub const MAX_PRICE_MINOR: i64 = 100_000_000_000;

/// A currency a price sheet is in: an ISO 4217 code (no funds, no special drawing rights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// The currency with this code (any case), as stored: one a sheet chose may have been
    /// superseded since (the Bulgarian lev, by the euro), and its sheets and orders are still
    /// read, shown and paid in it.
    pub fn from_code(code: &str) -> Option<Self> {
        let found = iso_currency::Currency::from_code(&code.trim().to_ascii_uppercase())?;
        (!found.is_fund() && !found.is_special() && found.exponent().is_some()).then_some(Self(found))
    }

    /// The currency with this code if a price sheet may choose it now: in use, not superseded.
    fn offered(code: &str) -> Option<Self> {
        Self::from_code(code).filter(|c| c.0.is_superseded().is_none())
    }

    /// Checks a code typed or chosen in a form.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::offered(raw).ok_or_else(|| {
            FieldError::new("currency", "Choose a currency from the list (a three-letter ISO code such as EUR or USD).")
        })
    }

    /// Every currency a price sheet may choose, by code.
    pub fn all() -> Vec<Self> {
        let mut all: Vec<Self> = iso_currency::Currency::iter().filter_map(|c| Self::offered(c.code())).collect();
        all.sort_by_key(|c| c.code());
        all
    }

    /// The three-letter code (`EUR`).
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Its English name (`Euro`).
    pub fn name(self) -> String {
        self.0.name().to_owned()
    }

    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn exponent(self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(2))
    }

    /// The symbol, for the few currencies whose symbol nobody misreads (`$` is also the
    /// Canadian and Australian dollar's, so those are shown with their code instead).
    fn symbol(self) -> Option<&'static str> {
        match self.code() {
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "USD" => Some("$"),
            "JPY" => Some("¥"),
            "INR" => Some("₹"),
            _ => None,
        }
    }
}

/// Reads a price typed by a photographer ("25", "25.5", "1,250.00", "25,50") into minor units of
/// `currency`. More decimals than the currency has, nothing, zero, a negative, a price above
/// [`MAX_PRICE_MINOR`] or one that could be read two ways are refused with a sentence.
pub fn parse_price(raw: &str, currency: Currency) -> Result<i64, FieldError> {
    let problem = |message: String| FieldError::new("price", message);
    let exponent = currency.exponent();
    let text: String = raw.trim().chars().filter(|c| !c.is_whitespace() && *c != '\'').collect();
    if text.is_empty() {
        return Err(problem("Enter a price, such as 25 or 25.00.".to_owned()));
    }
    if text.starts_with('-') {
        return Err(problem("A price must be more than zero.".to_owned()));
    }
    // The last '.' or ',' is the decimal point when at most `exponent` digits follow it (and at
    // least one) and no other separator is the same character ("1,250,000" is grouped all
    // through); every other one groups thousands, and must be followed by exactly three digits.
    let last = text.rfind(['.', ',']);
    let (whole, fraction) = match last {
        Some(at)
            if (1..=exponent as usize).contains(&(text.len() - at - 1)) && !text[..at].contains(&text[at..=at]) =>
        {
            (&text[..at], &text[at + 1..])
        }
        _ => (text.as_str(), ""),
    };
    // In a currency of three decimals, "1,250" alone is a thousand and a quarter to one reader
    // and one and a quarter to another: asked, never guessed.
    // ("0,500" is no thousand: a group of thousands never follows a lone 0.)
    let lone_comma =
        last.is_some_and(|at| text[at..].starts_with(',')) && !whole.contains(['.', ',']) && !whole.starts_with('0');
    if exponent == 3 && fraction.len() == 3 && lone_comma {
        return Err(problem(format!(
            "Write {whole}{fraction} or {whole}.{fraction}, as you mean it: \"{text}\" can be read either way."
        )));
    }
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let mut groups = whole.split(['.', ',']);
    let first_ok = groups.next().is_some_and(|g| digits_only(g) && (whole.len() == g.len() || g.len() <= 3));
    let grouped_ok = groups.all(|g| g.len() == 3 && digits_only(g));
    if !first_ok || !grouped_ok || !(fraction.is_empty() || digits_only(fraction)) {
        return Err(problem(if exponent == 0 {
            format!("Enter the price in whole {}, such as 2500.", currency.code())
        } else {
            format!("Enter the price as a number with at most {exponent} decimals, such as 25.00.")
        }));
    }
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    let scale = 10_i64.pow(exponent);
    let mut minor_fraction: i64 = if fraction.is_empty() { 0 } else { fraction.parse().unwrap_or(0) };
    for _ in fraction.len()..exponent as usize {
        minor_fraction *= 10;
    }
    let minor = whole.parse::<i64>().ok().and_then(|major| major.checked_mul(scale)?.checked_add(minor_fraction));
    let Some(minor) = minor.filter(|m| *m <= MAX_PRICE_MINOR) else {
        return Err(problem(format!("Choose a price of at most {}.", format_price(MAX_PRICE_MINOR, currency))));
    };
    if minor <= 0 {
        return Err(problem("A price must be more than zero.".to_owned()));
    }
    Ok(minor)
}

/// A price for people: `€25.00`, `$1,250.00`, `¥2,500`, `25.00 CHF`.
pub fn format_price(minor: i64, currency: Currency) -> String {
    let exponent = currency.exponent();
    let scale = 10_i64.pow(exponent);
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    let major = minor / scale as u64;
    let mut grouped = String::new();
    for (i, c) in major.to_string().chars().enumerate() {
        let left = major.to_string().len() - i;
        grouped.push(c);
        if left > 1 && (left - 1).is_multiple_of(3) {
            grouped.push(',');
        }
    }
    let amount = if exponent == 0 {
        grouped
    } else {
        format!("{grouped}.{:0width$}", minor % scale as u64, width = exponent as usize)
    };
    match currency.symbol() {
        Some(symbol) => format!("{sign}{symbol}{amount}"),
        None => format!("{sign}{amount} {}", currency.code()),
    }
}

/// A price as typed back into a form: `25.00`, `2500` (no symbol, no grouping).
pub fn price_input(minor: i64, currency: Currency) -> String {
    let exponent = currency.exponent();
    if exponent == 0 {
        return minor.to_string();
    }
    let scale = 10_i64.pow(exponent);
    format!("{}.{:0width$}", minor / scale, (minor % scale).abs(), width = exponent as usize)
}

/// Stored and sent as its code.
impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Self::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown currency {code}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::from_code("eur").expect("EUR")
    }

    #[test]
    fn prices_are_read_in_minor_units() {
        assert_eq!(parse_price("25", eur()), Ok(2500));
        assert_eq!(parse_price("25.5", eur()), Ok(2550));
        assert_eq!(parse_price("25,50", eur()), Ok(2550));
        assert_eq!(parse_price("1,250.00", eur()), Ok(125_000));
        assert_eq!(parse_price("1.250,00", eur()), Ok(125_000));
        assert_eq!(parse_price(" 0.99 ", eur()), Ok(99));
        assert_eq!(parse_price("12.345", eur()), Ok(1_234_500), "grouped thousands");
        assert_eq!(parse_price("2500", Currency::from_code("JPY").expect("JPY")), Ok(2500));
        assert_eq!(parse_price("1.5", Currency::from_code("KWD").expect("KWD")), Ok(1500));
    }

    #[test]
    fn three_decimal_currencies_are_never_misread_by_a_thousand() {
        let kwd = Currency::from_code("KWD").expect("KWD");
        assert_eq!(parse_price("1.250", kwd), Ok(1250), "a point before three digits is the decimal point");
        assert_eq!(parse_price("1,250,000", kwd), Ok(1_250_000_000), "the same separator twice groups thousands");
        assert_eq!(parse_price("1,250.500", kwd), Ok(1_250_500));
        assert_eq!(parse_price("1.250,5", kwd), Ok(1_250_500));
        let asked = parse_price("1,250", kwd).expect_err("a lone comma before three digits is asked");
        assert!(asked.message.contains("1250 or 1.250"), "{}", asked.message);
        assert_eq!(parse_price("1,250", eur()), Ok(125_000), "two decimals: a comma before three digits groups");
        assert_eq!(parse_price("0,500", kwd), Ok(500), "a lone 0 is no group of thousands");
    }

    #[test]
    fn the_price_cap_is_the_same_in_every_currency() {
        let vnd = Currency::from_code("VND").expect("VND");
        assert_eq!(parse_price("25,000,000", vnd), Ok(25_000_000), "a print of about a thousand dollars in dong");
        assert!(parse_price("1000000000", eur()).is_ok());
        let refused = parse_price("1000000000.01", eur()).expect_err("above the cap");
        assert!(refused.message.contains("€1,000,000,000.00"), "{}", refused.message);
        assert!(parse_price("99999999999999999999999", eur()).is_err(), "no overflow");
    }

    #[test]
    fn a_sheet_in_a_superseded_currency_keeps_it() {
        let form = crate::store::SheetForm { name: "Weddings".into(), currency: "HRK".into() };
        assert_eq!(form.validated_keeping(Some("HRK")).map(|v| v.currency.code()), Ok("HRK"));
        assert!(form.validated().is_err(), "a new sheet may not choose it");
        assert!(form.validated_keeping(Some("EUR")).is_err(), "nor an old sheet move to it");
    }

    #[test]
    fn a_superseded_currency_is_read_but_not_offered() {
        // The Croatian kuna gave way to the euro in 2023: a sheet made before is still read.
        let hrk = Currency::from_code("HRK").expect("a stored currency is read");
        assert_eq!(hrk.code(), "HRK");
        assert!(Currency::parse("HRK").is_err(), "a new sheet may not choose it");
        assert!(!Currency::all().contains(&hrk));
    }

    #[test]
    fn bad_prices_are_refused_with_a_sentence() {
        for bad in ["", "0", "0.00", "-5", "abc", "12.3456", "1,25,0", ".5", "1e3", "1000000001", "NaN"] {
            let refused = parse_price(bad, eur()).expect_err(bad);
            assert_eq!(refused.field, "price");
            assert!(refused.message.ends_with('.'), "{bad}: {}", refused.message);
        }
        assert!(parse_price("25.5", Currency::from_code("JPY").expect("JPY")).is_err());
    }

    #[test]
    fn prices_are_formatted_for_people() {
        assert_eq!(format_price(2500, eur()), "€25.00");
        assert_eq!(format_price(125_000, eur()), "€1,250.00");
        assert_eq!(format_price(2500, Currency::from_code("JPY").expect("JPY")), "¥2,500");
        assert_eq!(format_price(2500, Currency::from_code("CHF").expect("CHF")), "25.00 CHF");
        assert_eq!(format_price(5, eur()), "€0.05");
    }

    #[test]
    fn only_currencies_in_use_are_offered() {
        assert!(Currency::from_code("XAU").is_none(), "gold is special");
        assert!(Currency::from_code("BOV").is_none(), "a fund");
        assert!(Currency::from_code("EURO").is_none());
        let all = Currency::all();
        assert!(all.len() > 100);
        assert!(all.iter().any(|c| c.code() == "USD"));
    }
}
