//! Spike traffic between devices when the network is split into G partitions, and how many devices of
//! a kind real time needs under each wall: memory, memory bandwidth, arithmetic, interconnect.

use super::catalog::Device;
use super::costs::Costs;
use super::estimate::{Requirements, Workload};
use serde::Serialize;

/// Which peak arithmetic rate of a device applies (the engine computes in f64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Precision {
    /// Double precision, what the engine uses.
    Fp64,
    /// Single precision.
    Fp32,
}

/// Fraction of a neuron's connections whose target sits on another partition when none is given:
/// a random split into G parts, (G - 1) / G, the no-locality worst case.
pub fn random_cross_fraction(partitions: f64) -> f64 {
    if partitions <= 1.0 {
        0.0
    } else {
        (partitions - 1.0) / partitions
    }
}

/// Expected number of other partitions a message must reach: its `cross_fraction * out_degree` remote
/// connections fall uniformly on the G - 1 others, and each partition reached gets one copy.
pub fn remote_partitions_per_message(partitions: f64, cross_fraction: f64, out_degree: f64) -> f64 {
    if partitions <= 1.0 {
        return 0.0;
    }
    let others = partitions - 1.0;
    others * (1.0 - (1.0 - 1.0 / others).powf(cross_fraction * out_degree))
}

/// Bytes per biological second sent between all partitions.
pub fn spike_traffic_bytes_per_s(r: &Requirements, w: &Workload, c: &Costs, partitions: f64, cross_fraction: Option<f64>) -> f64 {
    let f = cross_fraction.unwrap_or_else(|| random_cross_fraction(partitions));
    r.messages_per_s * remote_partitions_per_message(partitions, f, w.out_degree()) * c.message_bytes
}

/// Devices of one kind needed for real time under each wall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Walls {
    /// To hold the state.
    pub memory: f64,
    /// To stream the traffic.
    pub bandwidth: f64,
    /// To do the arithmetic at peak rate.
    pub compute: f64,
    /// The fewest devices, at least the other walls' maximum, whose links carry each one's share of the
    /// spike traffic; None when no count up to 1e15 does.
    pub interconnect: Option<f64>,
    /// The largest of the four (None when the interconnect never suffices).
    pub needed: Option<f64>,
}

/// Devices needed under each wall; `spike_bytes(g)` is the total spike traffic with g partitions.
pub fn walls(r: &Requirements, device: &Device, precision: Precision, spike_bytes: impl Fn(f64) -> f64) -> Walls {
    let peak = match precision {
        Precision::Fp64 => device.fp64_tflop_s,
        Precision::Fp32 => device.fp32_tflop_s,
    } * 1e12;
    let count = |need: f64, per_device: f64| (need / per_device).ceil().max(1.0);
    let memory = count(r.memory_bytes, device.memory_gb * 1e9);
    let bandwidth = count(r.traffic_bytes_per_s, device.bandwidth_tb_s * 1e12);
    let compute = count(r.ops_per_s, peak);
    let link = device.interconnect_gb_s * 1e9;
    let fits = |g: f64| spike_bytes(g) / g <= link;
    let floor = memory.max(bandwidth).max(compute);
    let interconnect = if fits(floor) {
        Some(floor)
    } else {
        // Per-device traffic falls once each message reaches fewer partitions than there are; double
        // until it fits, then bisect down to the smallest count that does.
        let mut high = floor * 2.0;
        while !fits(high) && high < 1e15 {
            high *= 2.0;
        }
        if fits(high) {
            let mut low = (high / 2.0).max(floor);
            while high - low > 1.0 {
                let mid = ((low + high) / 2.0).floor();
                if fits(mid) {
                    high = mid;
                } else {
                    low = mid;
                }
            }
            Some(high)
        } else {
            None
        }
    };
    Walls { memory, bandwidth, compute, interconnect, needed: interconnect.map(|i| i.max(floor)) }
}
