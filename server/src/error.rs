//! Error codes shared by the websocket protocol and the HTTP API.
//!
//! Codes are stable: clients branch on them. Messages are for people and may
//! change. Neither ever carries a name, email, organisation, token or
//! contribution text.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A stable, machine-readable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The message was not valid JSON.
    BadJson,
    /// The JSON had a `type` this server does not know.
    UnknownType,
    /// A message or field was longer than allowed.
    TooLarge,
    /// Your role may not do this here.
    Forbidden,
    /// A field was missing or had a bad value.
    InvalidField,
    /// Too many messages; slow down.
    RateLimited,
    /// The thing you named does not exist (or not for you).
    NotFound,
    /// The token is missing, wrong or revoked.
    Unauthorized,
    /// The first message must be `hello`, and only once.
    NotHello,
    /// The client speaks a protocol version this server does not.
    UnsupportedProtocol,
    /// The request conflicts with the current state.
    Conflict,
    /// The server failed; nothing you sent was lost if you retry with the
    /// same idempotency key.
    Internal,
    /// Registration closed at the consultation's deadline.
    RegistrationClosed,
    /// The organisation already has as many registrations as allowed.
    OrganisationFull,
    /// This email address is already registered for the consultation.
    DuplicateEmail,
}

impl ErrorCode {
    /// HTTP status used when this code is returned by the HTTP API.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadJson | ErrorCode::UnknownType | ErrorCode::InvalidField => {
                StatusCode::BAD_REQUEST
            }
            ErrorCode::NotHello | ErrorCode::UnsupportedProtocol => StatusCode::BAD_REQUEST,
            ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::RegistrationClosed => StatusCode::FORBIDDEN,
            ErrorCode::OrganisationFull | ErrorCode::DuplicateEmail => StatusCode::CONFLICT,
        }
    }
}

/// An error for a client: a code plus a message that is safe to show.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ClientError {
    /// The stable code.
    pub code: ErrorCode,
    /// A specific explanation, free of personal data.
    pub message: String,
}

impl ClientError {
    /// Builds an error.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ClientError {
            code,
            message: message.into(),
        }
    }

    /// `invalid_field` naming the field.
    pub fn invalid(field: &str, why: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::InvalidField, format!("{field}: {why}"))
    }

    /// `forbidden` with a reason.
    pub fn forbidden(why: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, why)
    }

    /// `not_found` with what was missing.
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, what)
    }

    /// `internal`, logging the cause once (the cause never reaches the client).
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(ErrorCode::Internal, "internal error; please retry")
    }
}

impl From<crate::storage::StoreError> for ClientError {
    fn from(e: crate::storage::StoreError) -> Self {
        ClientError::internal(e)
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorInner<'a>,
}

#[derive(Serialize)]
struct ErrorInner<'a> {
    code: ErrorCode,
    message: &'a str,
}

impl IntoResponse for ClientError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorInner {
                code: self.code,
                message: &self.message,
            },
        };
        (self.code.status(), Json(body)).into_response()
    }
}
