//! Plain text tables for the demo: columns padded by characters, not bytes.

/// A table with a header row.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new(header: &[&str]) -> Self {
        Table { header: header.iter().map(|s| (*s).to_owned()).collect(), rows: Vec::new() }
    }

    /// Adds a row (missing cells are blank, extra cells ignored).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Prints the table, at most `limit` rows, saying how many were left out.
    pub fn print(&self, limit: usize) {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in self.rows.iter().take(limit) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::from(" ");
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                out.push_str(cell);
                out.push_str(&" ".repeat(width.saturating_sub(cell.chars().count()) + 2));
            }
            println!("{}", out.trim_end());
        };
        line(&self.header);
        println!(" {}", widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>().join("  "));
        for row in self.rows.iter().take(limit) {
            line(row);
        }
        if self.rows.len() > limit {
            println!(" … {} more", self.rows.len() - limit);
        }
        if self.rows.is_empty() {
            println!(" (none)");
        }
    }
}

/// `text` cut to `max` characters with an ellipsis.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}
