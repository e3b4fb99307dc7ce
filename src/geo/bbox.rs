//! Axis-aligned bounding boxes.

/// An axis-aligned bounding box; [`Bbox::EMPTY`] (min above max) holds nothing. Units are those of
/// the points it bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bbox {
    /// Smallest x and y.
    pub min: [f64; 2],
    /// Largest x and y.
    pub max: [f64; 2],
}

impl Default for Bbox {
    fn default() -> Self {
        Bbox::EMPTY
    }
}

impl Bbox {
    /// The empty box, neutral for [`Bbox::extend`] and [`Bbox::union`].
    pub const EMPTY: Bbox = Bbox {
        min: [f64::INFINITY, f64::INFINITY],
        max: [f64::NEG_INFINITY, f64::NEG_INFINITY],
    };

    /// The bounds of `points` (empty for none); non-finite points are skipped.
    pub fn of<'a>(points: impl IntoIterator<Item = &'a [f64; 2]>) -> Bbox {
        let mut bbox = Bbox::EMPTY;
        for p in points {
            bbox.extend(*p);
        }
        bbox
    }

    /// Whether the box holds no point.
    pub fn is_empty(&self) -> bool {
        !(self.min[0] <= self.max[0] && self.min[1] <= self.max[1])
    }

    /// Grows the box to hold `p`; non-finite points are ignored.
    pub fn extend(&mut self, p: [f64; 2]) {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return;
        }
        self.min = [self.min[0].min(p[0]), self.min[1].min(p[1])];
        self.max = [self.max[0].max(p[0]), self.max[1].max(p[1])];
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Bbox) -> Bbox {
        if other.is_empty() {
            return *self;
        }
        if self.is_empty() {
            return *other;
        }
        Bbox {
            min: [self.min[0].min(other.min[0]), self.min[1].min(other.min[1])],
            max: [self.max[0].max(other.max[0]), self.max[1].max(other.max[1])],
        }
    }

    /// Width (0 when empty).
    pub fn width(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.max[0] - self.min[0]
        }
    }

    /// Height (0 when empty).
    pub fn height(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.max[1] - self.min[1]
        }
    }

    /// The centre (`None` when empty).
    pub fn centre(&self) -> Option<[f64; 2]> {
        (!self.is_empty()).then(|| {
            [
                (self.min[0] + self.max[0]) / 2.0,
                (self.min[1] + self.max[1]) / 2.0,
            ]
        })
    }

    /// Whether `p` lies inside or on the edge.
    pub fn contains(&self, p: [f64; 2]) -> bool {
        self.min[0] <= p[0] && p[0] <= self.max[0] && self.min[1] <= p[1] && p[1] <= self.max[1]
    }

    /// Whether the two boxes share a point.
    pub fn intersects(&self, other: &Bbox) -> bool {
        self.min[0] <= other.max[0]
            && other.min[0] <= self.max[0]
            && self.min[1] <= other.max[1]
            && other.min[1] <= self.max[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_neutral() {
        let b = Bbox::of(&[[1.0, 2.0], [3.0, -1.0]]);
        assert_eq!(b.union(&Bbox::EMPTY), b);
        assert_eq!(Bbox::EMPTY.union(&b), b);
        assert!(Bbox::EMPTY.is_empty());
        assert_eq!(Bbox::EMPTY.width(), 0.0);
        assert_eq!(Bbox::EMPTY.centre(), None);
        assert!(!Bbox::EMPTY.contains([0.0, 0.0]));
        assert_eq!(b.min, [1.0, -1.0]);
        assert_eq!(b.max, [3.0, 2.0]);
    }

    #[test]
    fn non_finite_points_are_skipped() {
        let b = Bbox::of(&[[f64::NAN, 0.0], [f64::INFINITY, 1.0], [0.0, 0.0]]);
        assert_eq!(b, Bbox::of(&[[0.0, 0.0]]));
        assert!(!b.is_empty());
        assert_eq!(b.width(), 0.0);
    }

    #[test]
    fn intersects_touching_boxes() {
        let a = Bbox::of(&[[0.0, 0.0], [1.0, 1.0]]);
        let b = Bbox::of(&[[1.0, 1.0], [2.0, 2.0]]);
        let c = Bbox::of(&[[1.5, 0.0], [2.0, 0.5]]);
        assert!(a.intersects(&b));
        assert!(!a.intersects(&c));
        assert!(!a.intersects(&Bbox::EMPTY));
    }
}
