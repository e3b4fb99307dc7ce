//! Bilinear splatting: each weighted point is binned into the four pixels around it, shared in
//! proportion to its distance from their centres (the adjoint of bilinear interpolation), so a
//! point between pixel centres keeps its sub-pixel position and its whole weight.
//!
//! Cost: O(N) for N points, four additions each. Reference: the "cloud-in-cell" assignment of
//! particle-mesh methods (Hockney & Eastwood, *Computer Simulation Using Particles*, 1988, §5-2),
//! also the binning step of fast kernel density estimators (Silverman, *Density Estimation*,
//! 1986, §3.5).

use super::WeightedPoint;

/// Adds each point's weight to `grid` (`width` × `height` pixels, row-major), the point's
/// position shifted by `offset_px` on both axes (the padding around the visible grid).
///
/// Points with a non-finite position, or a weight that is not finite and positive, are skipped;
/// the share of a weight that falls outside the grid is dropped.
pub(super) fn splat(
    points: impl IntoIterator<Item = WeightedPoint>,
    grid: &mut [f32],
    width: usize,
    height: usize,
    offset_px: f32,
) {
    if width == 0 || height == 0 || grid.len() != width * height {
        return;
    }
    let (width_f, height_f) = (width as f32, height as f32);
    for p in points {
        if !(p.weight > 0.0 && p.weight.is_finite()) {
            continue;
        }
        // Continuous pixel coordinates, measured from the centre of pixel 0.
        let fx = p.x_px + offset_px - 0.5;
        let fy = p.y_px + offset_px - 0.5;
        // Also rejects NaN: at least one of the four pixels must lie inside.
        if !(fx > -1.0 && fx < width_f && fy > -1.0 && fy < height_f) {
            continue;
        }
        // Floor by truncation of a positive number (`floor` is a library call on baseline x86-64).
        let (ix, iy) = ((fx + 1.0) as isize - 1, (fy + 1.0) as isize - 1);
        // Clamped: rounding in `fx + 1.0` can leave a fraction a hair below 0.
        let tx = (fx - ix as f32).clamp(0.0, 1.0);
        let ty = (fy - iy as f32).clamp(0.0, 1.0);
        let top = (1.0 - ty) * p.weight;
        let bottom = ty * p.weight;
        let shares = [
            (0, 0, (1.0 - tx) * top),
            (1, 0, tx * top),
            (0, 1, (1.0 - tx) * bottom),
            (1, 1, tx * bottom),
        ];
        let inside = ix >= 0 && iy >= 0 && (ix as usize) + 1 < width && (iy as usize) + 1 < height;
        if inside {
            // Fast path: both pairs of pixels are in the grid.
            let start = iy as usize * width + ix as usize;
            if let Some([a, b]) = grid.get_mut(start..start + 2) {
                *a += shares[0].2;
                *b += shares[1].2;
            }
            if let Some([a, b]) = grid.get_mut(start + width..start + width + 2) {
                *a += shares[2].2;
                *b += shares[3].2;
            }
        } else {
            for (dx, dy, share) in shares {
                let (x, y) = (ix + dx, iy + dy);
                let inside = x >= 0 && y >= 0 && (x as usize) < width && (y as usize) < height;
                let index = inside.then(|| y as usize * width + x as usize);
                if let Some(cell) = index.and_then(|i| grid.get_mut(i)) {
                    *cell += share;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x_px: f32, y_px: f32, weight: f32) -> WeightedPoint {
        WeightedPoint { x_px, y_px, weight }
    }

    fn splatted(points: &[WeightedPoint], width: usize, height: usize) -> Vec<f32> {
        let mut grid = vec![0.0; width * height];
        splat(points.iter().copied(), &mut grid, width, height, 0.0);
        grid
    }

    #[test]
    fn a_point_on_a_pixel_centre_goes_to_that_pixel() {
        let grid = splatted(&[point(1.5, 0.5, 2.0)], 3, 2);
        assert_eq!(grid, vec![0.0, 2.0, 0.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn a_point_between_centres_is_shared_bilinearly() {
        let grid = splatted(&[point(1.0, 1.0, 4.0)], 2, 2);
        assert_eq!(grid, vec![1.0, 1.0, 1.0, 1.0]);
        let grid = splatted(&[point(0.75, 0.5, 4.0)], 2, 1);
        assert_eq!(grid, vec![3.0, 1.0]);
    }

    #[test]
    fn weight_outside_the_grid_is_dropped() {
        // Half of this point's weight lies left of the grid.
        let grid = splatted(&[point(0.0, 0.5, 2.0)], 2, 1);
        assert_eq!(grid, vec![1.0, 0.0]);
        let grid = splatted(&[point(-5.0, 0.5, 2.0), point(9.0, 9.0, 2.0)], 2, 1);
        assert_eq!(grid, vec![0.0, 0.0]);
    }

    #[test]
    fn bad_points_are_skipped() {
        let grid = splatted(
            &[
                point(f32::NAN, 0.5, 1.0),
                point(0.5, f32::INFINITY, 1.0),
                point(0.5, 0.5, f32::NAN),
                point(0.5, 0.5, -1.0),
                point(0.5, 0.5, 0.0),
                point(0.5, 0.5, f32::INFINITY),
            ],
            1,
            1,
        );
        assert_eq!(grid, vec![0.0]);
    }

    #[test]
    fn empty_inputs_do_nothing() {
        assert_eq!(splatted(&[], 2, 2), vec![0.0; 4]);
        assert!(splatted(&[point(0.5, 0.5, 1.0)], 0, 0).is_empty());
        let mut wrong = vec![0.0; 3];
        splat([point(0.5, 0.5, 1.0)], &mut wrong, 2, 2, 0.0);
        assert_eq!(wrong, vec![0.0; 3]);
    }

    #[test]
    fn offset_shifts_points() {
        let mut grid = vec![0.0; 9];
        splat([point(0.5, 0.5, 1.0)], &mut grid, 3, 3, 1.0);
        assert_eq!(grid[4], 1.0);
    }
}
