//! Integration tests: real servers on 127.0.0.1:0, real websocket clients.
//! One test binary (faster to link than one per file).

mod support;

mod audit;
mod durability;
mod errors;
mod facilitation;
mod http;
mod limits;
mod privacy;
mod rapporteur;
mod realtime;
mod redaction;
mod registration;
mod resume;
mod timers;
