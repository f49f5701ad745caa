//! Value checks shared by the API and the fixture loader.

/// `local@domain.tld`, without spaces: what the real service's model validation accepts in practice.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(char::is_whitespace)
}

/// An absolute `http` or `https` URL with a host.
pub fn is_http_url(value: &str) -> bool {
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !value.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_urls() {
        assert!(is_email("anna@example.com"));
        assert!(!is_email("anna@example"));
        assert!(!is_email("anna example.com"));
        assert!(is_http_url("https://t.me/anna"));
        assert!(!is_http_url("t.me/anna"));
        assert!(!is_http_url("https:///x"));
    }
}
