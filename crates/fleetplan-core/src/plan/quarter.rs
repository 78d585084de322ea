//! Calendar quarters such as `2027Q1`, for hall energisation and the supply timeline.

use std::fmt;
use std::str::FromStr;

/// A calendar quarter, written `2027Q1` in plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: u16,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// Quarters since year 0, for arithmetic.
    pub fn index(self) -> i32 {
        i32::from(self.year) * 4 + i32::from(self.q) - 1
    }

    /// The quarter whose `index` is `i`.
    pub fn from_index(i: i32) -> Quarter {
        Quarter { year: i.div_euclid(4) as u16, q: (i.rem_euclid(4) + 1) as u8 }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// Text that is not a quarter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a quarter like \"2027Q1\" (year 2000-2100, quarter 1-4), found \"{0}\"")]
pub struct QuarterError(pub String);

impl FromStr for Quarter {
    type Err = QuarterError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || QuarterError(s.to_string());
        let (y, q) = s.split_once(['Q', 'q']).ok_or_else(err)?;
        // Digits only: `parse` alone would also take "+2027".
        if !(y.bytes().all(|b| b.is_ascii_digit()) && q.bytes().all(|b| b.is_ascii_digit())) {
            return Err(err());
        }
        let year: u16 = y.parse().map_err(|_| err())?;
        let q: u8 = q.parse().map_err(|_| err())?;
        if !(2000..=2100).contains(&year) || !(1..=4).contains(&q) {
            return Err(err());
        }
        Ok(Quarter { year, q })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_print_and_count() {
        let q: Quarter = "2027Q4".parse().unwrap();
        assert_eq!(q.to_string(), "2027Q4");
        assert_eq!(Quarter::from_index(q.index() + 1).to_string(), "2028Q1");
        assert!("2027Q5".parse::<Quarter>().is_err());
        assert!("27Q1".parse::<Quarter>().is_err());
        assert!("2027-1".parse::<Quarter>().is_err());
        assert!("+2027Q1".parse::<Quarter>().is_err());
        assert!("2027Q+1".parse::<Quarter>().is_err());
    }
}
