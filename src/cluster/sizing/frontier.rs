//! Cost against time to finish: the candidates no other beats on both (the Pareto
//! frontier), with the cheapest and the fastest of them marked.

use serde::Serialize;

/// One candidate's point: `index` into the plans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub index: usize,
    pub hours: f64,
    pub usd: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Frontier {
    /// Indices of the points no other point is both faster and cheaper than (or as fast and
    /// cheaper, or as cheap and faster), fastest first and so dearest first.
    pub pareto: Vec<usize>,
    pub cheapest: Option<usize>,
    pub fastest: Option<usize>,
}

impl Frontier {
    pub fn contains(&self, index: usize) -> bool {
        self.pareto.contains(&index)
    }
}

pub fn frontier(points: &[Point]) -> Frontier {
    let mut by_time: Vec<Point> = points.to_vec();
    by_time.sort_by(|a, b| {
        a.hours
            .total_cmp(&b.hours)
            .then(a.usd.total_cmp(&b.usd))
            .then(a.index.cmp(&b.index))
    });
    // Walking from the fastest, a point joins when it is cheaper than every faster one.
    let mut pareto = Vec::new();
    let mut cheapest_so_far = f64::INFINITY;
    for point in by_time {
        if point.usd < cheapest_so_far {
            cheapest_so_far = point.usd;
            pareto.push(point.index);
        }
    }
    Frontier {
        // The walk makes the first the fastest (the cheaper of equally fast ones) and the
        // last the cheapest (the faster of equally cheap ones).
        fastest: pareto.first().copied(),
        cheapest: pareto.last().copied(),
        pareto,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(index: usize, hours: f64, usd: f64) -> Point {
        Point { index, hours, usd }
    }

    #[test]
    fn dominated_points_drop_out_and_the_ends_are_marked() {
        let points = [
            p(0, 10.0, 100.0), // cheapest
            p(1, 5.0, 120.0),  // on the frontier
            p(2, 6.0, 130.0),  // beaten by 1 on both
            p(3, 2.0, 300.0),  // fastest
            p(4, 2.0, 310.0),  // as fast as 3, dearer
            p(5, 12.0, 100.0), // as cheap as 0, slower
        ];
        let f = frontier(&points);
        assert_eq!(f.pareto, [3, 1, 0]);
        assert_eq!((f.fastest, f.cheapest), (Some(3), Some(0)));
        assert!(!f.contains(2));
    }

    #[test]
    fn one_point_is_both_and_none_is_neither() {
        let f = frontier(&[p(7, 1.0, 1.0)]);
        assert_eq!((f.fastest, f.cheapest), (Some(7), Some(7)));
        assert_eq!(frontier(&[]), Frontier::default());
    }
}
