//! `ApiError`: every failure of a handler, mapped once to the wire format of `API.md`.

use api::{ErrorBody, Failure, FieldError};
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

#[derive(Debug)]
pub enum ApiError {
    /// No token, or a bad, expired or revoked one.
    NotAuthorized,
    /// The role or permission does not allow it.
    AccessDenied(String),
    /// Missing, or not visible to this user (never reveal which).
    ObjectNotFound,
    /// Malformed input: one entry per field.
    Validation(Vec<FieldError>),
    /// A body that is not the JSON the endpoint takes.
    BadBody(String),
    /// A duplicate (an email already registered, ...).
    AlreadyExists(String),
    /// A business rule refused it; `code` and `context` come from the domain crate.
    Rule { status: StatusCode, code: &'static str, description: String, context: Map<String, Value> },
    /// Over the rate limit (R-API-2).
    TooManyRequests { retry_after_seconds: u64 },
    /// A body over [`MAX_BODY_BYTES`].
    TooLarge,
    /// The request took longer than the server's timeout (a client sending too slowly).
    Timeout,
    /// Our fault. The details are logged, never sent.
    Internal(String),
}

impl ApiError {
    /// The error object of the answer alone, for an answer that carries several (a bulk
    /// change's result per item).
    pub fn into_body(self) -> ErrorBody {
        self.parts().1
    }

    fn parts(self) -> (StatusCode, ErrorBody) {
        let body = |code: &str, description: String| ErrorBody {
            code: code.into(),
            description,
            errors: vec![],
            context: Map::new(),
        };
        match self {
            ApiError::NotAuthorized => (
                StatusCode::UNAUTHORIZED,
                body("not_authorized", "Log in first: the token is missing, invalid or expired.".into()),
            ),
            ApiError::AccessDenied(why) => (StatusCode::FORBIDDEN, body("access_denied", why)),
            ApiError::ObjectNotFound => (
                StatusCode::NOT_FOUND,
                body("object_not_found", "This object does not exist or is not visible to you.".into()),
            ),
            ApiError::Validation(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody { errors, ..body("validation_failed", "Some fields are not valid.".into()) },
            ),
            ApiError::BadBody(why) => (StatusCode::UNPROCESSABLE_ENTITY, body("validation_failed", why)),
            ApiError::AlreadyExists(why) => (StatusCode::CONFLICT, body("object_already_exists", why)),
            ApiError::Rule { status, code, description, context } => {
                (status, ErrorBody { context, ..body(code, description) })
            }
            ApiError::TooManyRequests { retry_after_seconds } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorBody {
                    context: serde_json::json!({ "retry_after": retry_after_seconds })
                        .as_object()
                        .cloned()
                        .unwrap_or_default(),
                    ..body(
                        "too_many_requests",
                        format!("Too many requests for this token's limit. Try again in {retry_after_seconds} s."),
                    )
                },
            ),
            ApiError::Timeout => (
                StatusCode::REQUEST_TIMEOUT,
                body("request_timeout", "The request took too long to arrive or to answer. Try again.".into()),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                body("request_too_large", format!("The request body is over {} bytes.", MAX_BODY_BYTES)),
            ),
            ApiError::Internal(details) => {
                tracing::error!("internal error: {details}");
                (StatusCode::INTERNAL_SERVER_ERROR, body("internal_error", "Something went wrong on our side.".into()))
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self {
            ApiError::TooManyRequests { retry_after_seconds } => Some(*retry_after_seconds),
            _ => None,
        };
        let (status, error) = self.parts();
        let mut response = (status, Json(Failure { result: "error".into(), error })).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl ApiError {
    /// A refusal by a rule of the domain crate: its code, status, sentence and context.
    pub fn rule(error: &impl domain::RuleError) -> ApiError {
        let context = match serde_json::to_value(error) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        ApiError::Rule {
            status: StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            code: error.code(),
            description: error.to_string(),
            context,
        }
    }
}

macro_rules! from_rule_errors {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for ApiError {
            fn from(error: $error) -> Self {
                ApiError::rule(&error)
            }
        }
    )*};
}

from_rule_errors!(domain::role::Denied, domain::membership::MembershipError, domain::account::AccountError);

/// A write's result, with a unique constraint broken read as `object_already_exists` saying
/// `why` (two requests at once, or a second of the same): the one place that knows the shape
/// of that database error.
pub(crate) fn already_exists_on_conflict<T>(result: Result<T, sqlx::Error>, why: &str) -> Result<T, ApiError> {
    match result {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(ApiError::AlreadyExists(why.into())),
        other => Ok(other?),
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

impl From<PathRejection> for ApiError {
    /// An identifier in the path that is not one (`/1/accounts/abc`, or past `i64`) names
    /// nothing: the same answer as an identifier of nothing.
    fn from(_: PathRejection) -> Self {
        ApiError::ObjectNotFound
    }
}

/// Path parameters whose errors answer in the API's format instead of axum's plain text.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Answers 408 `request_timeout` in the envelope when `request` (its body read included) is
/// not answered within `limit`.
pub async fn within(
    limit: std::time::Duration,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// The largest request body the API reads (`DefaultBodyLimit` in `lib.rs`).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A JSON body whose errors answer in the API's format instead of axum's plain text, and name
/// the field at fault: a wrong type, a number out of its type's range, text that is not
/// UTF-8 or a field the request does not have answers `validation_failed` with
/// `errors[0].context.attribute` the field's path (`permissions.billing`). A body over [`MAX_BODY_BYTES`] answers 413.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.split(';').next().is_some_and(|mime| mime.trim() == "application/json"));
        if !is_json {
            return Err(ApiError::BadBody("The body must be JSON, sent with Content-Type: application/json.".into()));
        }
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::BadBody(format!("The request body could not be read: {}", rejection.body_text()))
            }
        })?;
        let mut reader = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut reader).map(ApiJson).map_err(|error| {
            let attribute = error.path().to_string();
            let inner = error.into_inner();
            // serde's sentence without its "at line 1 column 20": the attribute says where.
            let sentence = inner.to_string();
            let sentence = sentence.split(" at line ").next().unwrap_or_default().to_string();
            // A field the request does not have (`deny_unknown_fields`): named, rather than
            // ignored, so that nobody believes a change was made that was not.
            if let Some(field) = sentence.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next()) {
                // serde_path_to_error's path ends with the unknown field already.
                let attribute = if attribute == "." { field.to_string() } else { attribute };
                return ApiError::Validation(vec![FieldError::new(
                    &attribute,
                    "unknown_field",
                    &sentence,
                    serde_json::json!({}),
                )]);
            }
            if attribute == "." || inner.is_syntax() || inner.is_eof() {
                ApiError::BadBody(format!("The request body is not valid JSON: {sentence}."))
            } else {
                ApiError::Validation(vec![FieldError::new(
                    &attribute,
                    "invalid_value",
                    &sentence,
                    serde_json::json!({}),
                )])
            }
        })
    }
}

/// Marks the answer of [`method_not_found`], so that [`crate::versions`] can tell "no such
/// route" from a route's own 404 (`object_not_found`).
#[derive(Debug, Clone, Copy)]
pub struct NoSuchRoute;

/// Any unknown route under `/api`.
pub async fn method_not_found() -> Response {
    let error = ErrorBody {
        code: "method_not_found".into(),
        description: "There is no such route in this API.".into(),
        errors: vec![],
        context: Map::new(),
    };
    let mut response = (StatusCode::NOT_FOUND, Json(Failure { result: "error".into(), error })).into_response();
    response.extensions_mut().insert(NoSuchRoute);
    response
}

/// `{"result":"success","data":...}` with 200.
pub fn ok<T: serde::Serialize>(data: T) -> Response {
    Json(api::Success::new(data)).into_response()
}

/// `{"result":"success","data":...}` with 201.
pub fn created<T: serde::Serialize>(data: T) -> Response {
    (StatusCode::CREATED, Json(api::Success::new(data))).into_response()
}

pub type ApiResult = Result<Response, ApiError>;
