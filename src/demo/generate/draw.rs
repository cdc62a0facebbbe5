//! Seeded draws: the same seed gives the same data set (up to the sealed blocks' randomness
//! and the time it is generated at).

use rand::rngs::StdRng;
use rand::Rng;
#[cfg(test)]
use uuid::Uuid;

/// Choices with weights, drawn by a binary search over the running totals.
pub struct Weighted<T> {
    items: Vec<T>,
    totals: Vec<f64>,
}

impl<T: Clone> Weighted<T> {
    pub fn new(pairs: impl IntoIterator<Item = (T, f64)>) -> Weighted<T> {
        let mut items = Vec::new();
        let mut totals = Vec::new();
        let mut total = 0.0;
        for (item, weight) in pairs {
            total += weight;
            items.push(item);
            totals.push(total);
        }
        assert!(total > 0.0, "a weighted choice needs some weight");
        Weighted { items, totals }
    }

    /// Weights falling as 1/rank^s (Zipf's law): a few items dominate, as a few grounds,
    /// domains and large municipalities do in real registrations.
    pub fn zipf(items: impl IntoIterator<Item = T>, s: f64) -> Weighted<T> {
        Weighted::new(items.into_iter().enumerate().map(|(rank, item)| (item, 1.0 / ((rank + 1) as f64).powf(s))))
    }

    pub fn draw(&self, rng: &mut StdRng) -> T {
        let total = *self.totals.last().expect("not empty");
        let point = rng.gen::<f64>() * total;
        let index = self.totals.partition_point(|running| *running <= point).min(self.items.len() - 1);
        self.items[index].clone()
    }

    /// Up to `count` different items.
    pub fn draw_distinct(&self, rng: &mut StdRng, count: usize) -> Vec<T>
    where
        T: PartialEq,
    {
        let mut drawn = Vec::new();
        for _ in 0..count * 4 {
            if drawn.len() == count.min(self.items.len()) {
                break;
            }
            let item = self.draw(rng);
            if !drawn.contains(&item) {
                drawn.push(item);
            }
        }
        drawn
    }
}

/// A version-4 UUID from the seeded generator.
pub fn uuid(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid().hyphenated().to_string()
}

pub fn chance(rng: &mut StdRng, probability: f64) -> bool {
    rng.gen::<f64>() < probability
}

/// A case's public code as the service makes them: two groups of five from an alphabet
/// without look-alike letters.
pub fn public_code(rng: &mut StdRng) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let code: String = (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}", &code[..5], &code[5..])
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn ids_are_version_4_and_repeat_with_the_seed() {
        let mut one = StdRng::seed_from_u64(7);
        let mut two = StdRng::seed_from_u64(7);
        let id = uuid(&mut one);
        assert_eq!(Uuid::parse_str(&id).unwrap().get_version_num(), 4);
        assert_eq!(id, uuid(&mut two));
    }

    #[test]
    fn zipf_favours_the_first_items() {
        let mut rng = StdRng::seed_from_u64(1);
        let choice = Weighted::zipf(0..10, 1.0);
        let mut counts = [0usize; 10];
        for _ in 0..10_000 {
            counts[choice.draw(&mut rng)] += 1;
        }
        assert!(counts[0] > 2 * counts[4] && counts[4] > counts[9] && counts[9] > 0, "{counts:?}");
    }
}
