//! What loadgen may talk to, and with which credentials and limits.
//!
//! Every byte loadgen sends goes to loopback: a `--url` whose host is not in
//! 127.0.0.0/8, `::1` or `localhost` is refused before anything is sent.

use std::net::IpAddr;
use std::path::Path;

use anyhow::{Context as _, bail};
use reqwest::Url;

/// The server's base URL, checked to be on loopback.
#[derive(Debug, Clone)]
pub struct Target {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub http: String,
    /// `ws://127.0.0.1:PORT/ws`.
    pub ws: String,
}

impl Target {
    /// Parses `url` and refuses any host that is not loopback.
    pub fn parse(url: &str) -> anyhow::Result<Target> {
        let u = Url::parse(url).with_context(|| format!("--url {url:?} is not a URL"))?;
        if u.scheme() != "http" {
            bail!("--url must start with http:// (loadgen speaks plain HTTP to a local server)");
        }
        let host = u.host_str().unwrap_or_default();
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            bail!(
                "refusing {host:?}: loadgen only targets loopback (127.0.0.0/8, ::1 or localhost)"
            );
        }
        let port = u.port_or_known_default().unwrap_or(80);
        let authority = format!("{host}:{port}");
        Ok(Target {
            http: format!("http://{authority}"),
            ws: format!("ws://{authority}/ws"),
        })
    }
}

/// The organiser token: given directly, or read from a file that holds the
/// token, an organiser link (`…/#token=…`) or the server's whole stdout.
pub fn organiser_token(token: Option<String>, file: Option<&Path>) -> anyhow::Result<String> {
    if let Some(t) = token {
        return Ok(t.trim().to_owned());
    }
    let Some(path) = file else {
        bail!("give the organiser token with --organiser TOKEN or --organiser-file FILE")
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let token = match text.find("#token=") {
        Some(i) => text[i + "#token=".len()..]
            .split_whitespace()
            .next()
            .unwrap_or_default(),
        None => text.trim(),
    };
    if token.is_empty() {
        bail!("{} holds no organiser token", path.display());
    }
    Ok(token.to_owned())
}

/// Raises this process's open-file limit to what `wanted` descriptors need,
/// up to the hard limit; fails when the hard limit is too low.
pub fn raise_nofile(wanted: u64) -> anyhow::Result<u64> {
    let got = rlimit::increase_nofile_limit(wanted).context("raising RLIMIT_NOFILE")?;
    if got < wanted {
        bail!(
            "this process may open only {got} files but the run needs about {wanted}; \
             raise the hard limit (e.g. `ulimit -Hn {wanted}` as root) or use fewer --clients"
        );
    }
    Ok(got)
}

/// Descriptors a run of `clients` needs in loadgen (sockets plus slack).
pub fn descriptors_for(clients: usize) -> u64 {
    clients as u64 + 256
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_are_accepted() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.9.8.7:1",
            "http://localhost:3000/",
            "http://[::1]:8080",
        ] {
            assert!(Target::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1:8080",
            "http://example.org",
            "http://192.168.1.1",
            "https://127.0.0.1",
            "http://[::2]:1",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Target::parse("http://127.0.0.1:9").unwrap().ws,
            "ws://127.0.0.1:9/ws"
        );
    }

    #[test]
    fn the_token_is_found_in_server_output() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("out");
        std::fs::write(
            &f,
            "Roundtable listening on http://127.0.0.1:1\n  http://127.0.0.1:1/#token=abc_DEF-1\n",
        )
        .unwrap();
        assert_eq!(organiser_token(None, Some(&f)).unwrap(), "abc_DEF-1");
        std::fs::write(&f, " tok \n").unwrap();
        assert_eq!(organiser_token(None, Some(&f)).unwrap(), "tok");
        assert_eq!(organiser_token(Some("x".into()), Some(&f)).unwrap(), "x");
    }
}
