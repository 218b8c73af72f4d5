//! One file per subcommand.

pub mod bench;
pub mod demo;
pub mod demo_followup;
pub mod demo_pipeline;
pub mod demo_reveal;
pub mod demo_scoring;
pub mod demo_trigger;
pub mod followup;
pub mod generate;
pub mod history;
pub mod retention;
pub mod reveal;
pub mod score;
pub mod trigger;
pub mod vectors;
