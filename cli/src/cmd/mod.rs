//! One file per subcommand.

pub mod bench;
pub mod demo;
pub mod demo_reveal;
pub mod generate;
pub mod history;
pub mod retention;
pub mod reveal;
pub mod vectors;
