//! Guardrails that act while nobody watches: the idle guard on the head node, which stops
//! it when the cluster has been idle for its window, and an AWS Budget that emails when
//! the month goes over.

pub mod budget;
pub mod idle;
