//! Sequential colour ramps that stay readable with colour-vision deficiency and in grey scale.
//!
//! Each ramp is a list of control colours at even steps from 0 to 1, interpolated linearly in
//! sRGB. Sources: viridis (S. van der Walt and N. Smith for matplotlib, CC0) and cividis
//! (J. R. Nuñez, C. R. Anderton, R. S. Renslow, "Optimizing colormaps with consideration for
//! color vision deficiency", PLOS ONE 2018) are sampled at 17 of the 256 entries of their
//! matplotlib tables; YlOrRd, Blues and Greens are the 9-class sequential schemes of ColorBrewer
//! (C. Brewer, M. Harrower, Pennsylvania State University, Apache-2.0 licence).

/// A colour-blind-safe sequential colour ramp, light or dark to intense.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Ramp {
    /// Dark blue to green to yellow, perceptually uniform (matplotlib's default).
    Viridis,
    /// Dark blue to yellow, built to look the same with red-green colour blindness.
    Cividis,
    /// ColorBrewer yellow → orange → red: the classic heat map.
    #[default]
    YlOrRd,
    /// ColorBrewer light to dark blue.
    Blues,
    /// ColorBrewer light to dark green.
    Greens,
}

/// Viridis, matplotlib `_viridis_data` entries 0, 16, 32, …, 239, 255.
const VIRIDIS: [u32; 17] = [
    0x440154, 0x48186a, 0x472d7b, 0x424086, 0x3b528b, 0x33638d, 0x2c728e, 0x26828e, 0x21918c,
    0x1f9f88, 0x27ad81, 0x3dbc74, 0x5cc863, 0x81d34d, 0xaadc32, 0xd5e21a, 0xfde725,
];
/// Cividis, matplotlib `_cividis_data` entries 0, 16, 32, …, 239, 255.
const CIVIDIS: [u32; 17] = [
    0x00224e, 0x002e6a, 0x1a386f, 0x32436d, 0x434e6c, 0x535a6d, 0x61656f, 0x6f7073, 0x7d7c78,
    0x8b8778, 0x9a9376, 0xaaa073, 0xbbad6d, 0xccba64, 0xddc858, 0xefd748, 0xfee838,
];
/// ColorBrewer YlOrRd, 9 classes.
const YL_OR_RD: [u32; 9] = [
    0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026,
];
/// ColorBrewer Blues, 9 classes.
const BLUES: [u32; 9] = [
    0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b,
];
/// ColorBrewer Greens, 9 classes.
const GREENS: [u32; 9] = [
    0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c, 0x00441b,
];

fn rgb(hex: u32) -> [u8; 3] {
    let [_, r, g, b] = hex.to_be_bytes();
    [r, g, b]
}

impl Ramp {
    /// Every ramp, in the order a picker lists them.
    pub const ALL: [Ramp; 5] = [
        Ramp::YlOrRd,
        Ramp::Viridis,
        Ramp::Cividis,
        Ramp::Blues,
        Ramp::Greens,
    ];

    /// The ramp's name as written in options: `viridis`, `cividis`, `YlOrRd`, `Blues`, `Greens`.
    pub fn name(self) -> &'static str {
        match self {
            Ramp::Viridis => "viridis",
            Ramp::Cividis => "cividis",
            Ramp::YlOrRd => "YlOrRd",
            Ramp::Blues => "Blues",
            Ramp::Greens => "Greens",
        }
    }

    /// The ramp named `name`, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Ramp> {
        Ramp::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Control colours as `0xRRGGBB`, evenly spaced from t = 0 to t = 1.
    fn control_points(self) -> &'static [u32] {
        match self {
            Ramp::Viridis => &VIRIDIS,
            Ramp::Cividis => &CIVIDIS,
            Ramp::YlOrRd => &YL_OR_RD,
            Ramp::Blues => &BLUES,
            Ramp::Greens => &GREENS,
        }
    }

    /// The colour at `t` in [0, 1] (clamped; NaN counts as 0), interpolated between control
    /// colours. O(1).
    pub fn at(self, t: f32) -> [u8; 3] {
        let stops = self.control_points();
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let segments = stops.len().saturating_sub(1);
        let pos = t * segments as f32;
        let i = (pos.floor() as usize).min(segments.saturating_sub(1));
        let f = pos - i as f32;
        let a = stops.get(i).copied().map(rgb).unwrap_or_default();
        let b = stops.get(i + 1).copied().map(rgb).unwrap_or(a);
        let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * f).round() as u8;
        [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])]
    }

    /// The ramp sampled at 256 even steps (entry i is `at(i / 255)`), for lookups by byte.
    pub fn lut(self) -> [[u8; 3]; 256] {
        let mut lut = [[0u8; 3]; 256];
        for (i, entry) in lut.iter_mut().enumerate() {
            *entry = self.at(i as f32 / 255.0);
        }
        lut
    }

    /// `k` colours for `k` choropleth classes, lightest (lowest class) first, evenly spread over
    /// the whole ramp; a single class takes the middle colour. Empty for `k == 0`.
    pub fn classes(self, k: usize) -> Vec<[u8; 3]> {
        match k {
            0 => Vec::new(),
            1 => vec![self.at(0.5)],
            _ => (0..k).map(|i| self.at(i as f32 / (k - 1) as f32)).collect(),
        }
    }
}

/// `#rrggbb` for a colour, as CSS and SVG take it.
pub fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative luminance (ITU-R BT.709 weights on sRGB bytes, good enough for ordering).
    fn luma(c: [u8; 3]) -> f32 {
        0.2126 * f32::from(c[0]) + 0.7152 * f32::from(c[1]) + 0.0722 * f32::from(c[2])
    }

    #[test]
    fn ends_are_the_first_and_last_control_colours() {
        assert_eq!(hex(Ramp::Viridis.at(0.0)), "#440154");
        assert_eq!(hex(Ramp::Viridis.at(1.0)), "#fde725");
        assert_eq!(hex(Ramp::YlOrRd.at(0.0)), "#ffffcc");
        assert_eq!(hex(Ramp::YlOrRd.at(1.0)), "#800026");
        assert_eq!(hex(Ramp::Blues.at(0.5)), "#6baed6");
        assert_eq!(hex(Ramp::Greens.at(0.125)), "#e5f5e0");
    }

    #[test]
    fn out_of_range_and_nan_are_clamped() {
        for ramp in Ramp::ALL {
            assert_eq!(ramp.at(-3.0), ramp.at(0.0));
            assert_eq!(ramp.at(7.0), ramp.at(1.0));
            assert_eq!(ramp.at(f32::NAN), ramp.at(0.0));
            assert_eq!(ramp.at(f32::INFINITY), ramp.at(1.0));
        }
    }

    #[test]
    fn ramps_are_monotonic_in_lightness() {
        for ramp in Ramp::ALL {
            let lut = ramp.lut();
            let rising = luma(lut[255]) > luma(lut[0]);
            for pair in ramp.classes(9).windows(2) {
                let (a, b) = (luma(pair[0]), luma(pair[1]));
                assert!(if rising { b > a } else { b < a }, "{}", ramp.name());
            }
        }
    }

    #[test]
    fn classes_span_the_ramp() {
        assert!(Ramp::Blues.classes(0).is_empty());
        assert_eq!(Ramp::Blues.classes(1), vec![Ramp::Blues.at(0.5)]);
        let five = Ramp::YlOrRd.classes(5);
        assert_eq!(five.len(), 5);
        assert_eq!(five[0], Ramp::YlOrRd.at(0.0));
        assert_eq!(five[4], Ramp::YlOrRd.at(1.0));
        // Nine classes of a nine-colour scheme are the scheme itself.
        let nine: Vec<String> = Ramp::Greens.classes(9).into_iter().map(hex).collect();
        assert_eq!(nine[3], "#a1d99b");
    }

    #[test]
    fn names_round_trip() {
        for ramp in Ramp::ALL {
            assert_eq!(Ramp::from_name(ramp.name()), Some(ramp));
        }
        assert_eq!(Ramp::from_name(" ylorrd "), Some(Ramp::YlOrRd));
        assert_eq!(Ramp::from_name("jet"), None);
        assert_eq!(Ramp::from_name(""), None);
    }
}
