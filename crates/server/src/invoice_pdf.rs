//! An invoice as a PDF (R-PAY-8), with `pdf-writer`: one A4 page per 30 lines in Helvetica
//! (a font every PDF reader has, so nothing is embedded): the Organization, the number and
//! status, each line with its period and price, the total, the VAT it includes and the
//! currency; "Pro-forma" for a transfer still awaited (R-PAY-3).

use api::Invoice;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// Swiss VAT, included in every price (our choice for both currencies: the console bills from
/// Switzerland).
const VAT_PER_MILLE: i64 = 81;

pub fn render(organization: &str, invoice: &Invoice) -> Vec<u8> {
    let mut text: Vec<(f32, String)> = vec![];
    let title = if invoice.is_pro_forma { "Pro-forma invoice" } else { "Invoice" };
    text.push((18.0, format!("{title} {}", invoice.number)));
    text.push((11.0, format!("Organization: {organization}")));
    text.push((11.0, format!("Status: {}", invoice.status)));
    text.push((11.0, String::new()));
    for line in &invoice.lines {
        let period = match line.period_months {
            0 => String::new(),
            1 => " (1 month)".to_string(),
            12 => " (1 year)".to_string(),
            n if n % 12 == 0 => format!(" ({} years)", n / 12),
            n => format!(" ({n} months)"),
        };
        text.push((
            11.0,
            format!("{}{period}    {} {}", line.description, invoice.total.currency.as_str(), line.price.amount),
        ));
    }
    text.push((11.0, String::new()));
    let currency = invoice.total.currency.as_str();
    text.push((13.0, format!("Total: {currency} {}", invoice.total.amount)));
    let total_cents = invoice.total.money().map_or(0, |m| m.cents);
    let vat = (total_cents * VAT_PER_MILLE + 500) / (1000 + VAT_PER_MILLE);
    text.push((11.0, format!("of which VAT 8.1 %: {currency} {}.{:02}", vat / 100, vat % 100)));
    if invoice.from_prepaid.money().is_some_and(|m| m.cents > 0) {
        text.push((11.0, format!("Paid from the prepaid account: {currency} {}", invoice.from_prepaid.amount)));
    }
    if invoice.is_pro_forma {
        text.push((11.0, format!("Due by bank transfer: {currency} {}", invoice.missing.amount)));
    }

    let (catalog, pages, font) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let chunks: Vec<&[(f32, String)]> = text.chunks(30).collect();
    let page_ids: Vec<Ref> = (0..chunks.len()).map(|n| Ref::new(4 + 2 * n as i32)).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids(page_ids.iter().copied()).count(page_ids.len() as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    for (n, chunk) in chunks.iter().enumerate() {
        let (page_id, content_id) = (page_ids[n], Ref::new(5 + 2 * n as i32));
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0)).parent(pages).contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), font);
        page.finish();
        let mut content = Content::new();
        let mut y = 780.0;
        for (size, line) in chunk.iter() {
            content.begin_text().set_font(Name(b"F1"), *size).next_line(60.0, y).show(Str(&win_ansi(line))).end_text();
            y -= size * 1.6;
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

/// Text in the standard fonts' WinAnsi encoding: Latin-1 as it is, the euro sign and the
/// bullet where that encoding has them, anything else as "?".
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '•' => 0x95,
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u8,
            _ => b'?',
        })
        .collect()
}
