//! Counter-based random numbers for the Poisson drive: a pure hash of (seed, instance, neuron, step), so any
//! backend and any thread order draw the same numbers with no state. `cuda::KERNELS` repeats this in C.

/// SplitMix64's finaliser (Steele, Lea & Flood 2014) after adding the golden-ratio increment.
#[inline(always)]
pub fn mix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The half of `hash4` that depends on the seed and instance only (computed once per run, not per draw).
#[inline(always)]
pub fn instance_key(seed: u64, instance: u64) -> u64 {
    mix64(seed ^ instance.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

/// 64 random bits for one (seed, instance, neuron, step).
#[inline(always)]
pub fn hash4(seed: u64, instance: u64, neuron: u32, step: u32) -> u64 {
    mix64(instance_key(seed, instance) ^ (((neuron as u64) << 32) | step as u64))
}

/// Whether a Poisson event hits: 53 uniform bits compared with an integer threshold (p * 2^53).
#[inline(always)]
pub fn poisson_hit(seed: u64, instance: u64, neuron: u32, step: u32, threshold: u64) -> bool {
    poisson_hit_keyed(instance_key(seed, instance), neuron, step, threshold)
}

/// `poisson_hit` given the `instance_key`.
#[inline(always)]
pub fn poisson_hit_keyed(key: u64, neuron: u32, step: u32, threshold: u64) -> bool {
    threshold != 0 && (mix64(key ^ (((neuron as u64) << 32) | step as u64)) >> 11) < threshold
}
