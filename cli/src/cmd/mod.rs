//! One file per subcommand.

pub mod bench;
pub mod demo;
pub mod demo_reveal;
pub mod generate;
pub mod history;
pub mod retention;
pub mod reveal;
pub mod demo_pipeline;
pub mod demo_trigger;
pub mod generate;
pub mod history;
pub mod retention;
pub mod trigger;
pub mod demo_scoring;
pub mod generate;
pub mod history;
pub mod retention;
pub mod score;
pub mod vectors;
