//! reV on a running cluster, as a user does it: its Python environment installed on the
//! shared file system (`install`), a project written from a form, its pipeline submitted so
//! that it outlives pcwiz, and its outputs fetched home. Each composes `remote/` (the one
//! way to the head node) with the pure `cluster/rev_*` modules; no printing, no terminal.

pub mod fetch;
pub mod install;
pub mod project;
pub mod start;
pub mod submit;
pub mod watch;
