//! One file per subcommand.

pub mod bench;
pub mod demo;
pub mod demo_followup;
pub mod followup;
pub mod generate;
pub mod history;
pub mod retention;
pub mod vectors;
