//! Lists by page, as the official API has them: `page` (from 1) and `per_page` in the query,
//! `total`, `page`, `pages` and `items_per_page` beside the items. Shared by every list, with
//! the LIKE pattern their searches use.

use api::{FieldError, Success};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

pub(crate) struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Paging {
    /// `page` from 1 and `per_page` from 1 to `max` (`default` when absent); a field error
    /// for each out of range.
    pub fn read(
        page: Option<u64>,
        per_page: Option<u64>,
        default: u64,
        max: u64,
        errors: &mut Vec<FieldError>,
    ) -> Paging {
        let (page, per_page) = (page.unwrap_or(1), per_page.unwrap_or(default));
        if page == 0 {
            errors.push(FieldError::new(
                "page",
                "out_of_range",
                "Pages start at 1.",
                serde_json::json!({"minimum": 1}),
            ));
        }
        if !(1..=max).contains(&per_page) {
            let details = serde_json::json!({"minimum": 1, "maximum": max});
            let most = if max >= 1000 { format!("{},{:03}", max / 1000, max % 1000) } else { max.to_string() };
            errors.push(FieldError::new(
                "per_page",
                "out_of_range",
                format!("Between 1 and {most} items a page."),
                details,
            ));
        }
        Paging { page, per_page }
    }

    pub fn limit(&self) -> i64 {
        self.per_page as i64
    }

    pub fn offset(&self) -> i64 {
        (self.page.saturating_sub(1) * self.per_page) as i64
    }

    /// The answer: the page's items and where they stand among `total`.
    pub fn answer<T: Serialize>(&self, items: Vec<T>, total: i64) -> Response {
        let total = total.max(0) as u64;
        let mut answer = Success::new(items);
        answer.total = Some(total);
        answer.page = Some(self.page);
        answer.pages = Some(total.div_ceil(self.per_page).max(1));
        answer.items_per_page = Some(self.per_page);
        Json(answer).into_response()
    }
}

/// A LIKE pattern (with `ESCAPE '\'`) matching the lower-cased `text` anywhere, its `%`, `_`
/// and `\` taken as themselves.
pub(crate) fn contains_pattern(text: &str) -> String {
    format!("%{}%", text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}
