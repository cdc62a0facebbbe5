//! The QR code of an authenticator app's `otpauth://` address, drawn on the server as inline
//! SVG by the `qrcode` crate, so the page needs no script and no image from elsewhere.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The SVG element, without the XML declaration that inline SVG must not carry; `None` when
/// the address does not fit a QR code (the secret can still be typed).
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let image = code.render::<svg::Color>().min_dimensions(220, 220).quiet_zone(true).build();
    image.find("<svg").map(|start| image[start..].to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_otpauth_address_becomes_one_inline_svg_element() {
        let svg = super::svg("otpauth://totp/Ketenaanpak:a%40b?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").unwrap();
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("<?xml") && !svg.contains("secret"));
    }
}
