//! The ciphertext format: `version (1 byte) | nonce (12 bytes) | ciphertext+tag`,
//! AES-256-GCM with a fresh random nonce per encryption and caller-given AAD.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use zeroize::Zeroizing;

/// The envelope version this code writes and reads.
pub const VERSION: u8 = 1;
/// Nonce length (96 bits).
pub const NONCE_LEN: usize = 12;
/// GCM tag length.
pub const TAG_LEN: usize = 16;

/// A 256-bit data key, zeroed on drop.
pub type Key = Zeroizing<[u8; 32]>;

/// Why an envelope did not open. Deliberately carries nothing from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenError {
    /// Too short to hold version, nonce and tag.
    Truncated,
    /// A version this build does not know.
    UnknownVersion,
    /// Authentication failed: wrong key, wrong AAD or altered bytes.
    Unauthentic,
}

/// A fresh random key from the OS generator.
pub fn generate_key() -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    key
}

/// Encrypts `plaintext` bound to `aad`.
pub fn seal(key: &Key, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.as_ref().into());
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    // Encryption with a valid key and an in-memory buffer cannot fail; an
    // empty vec (which never opens) is returned if it ever did.
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .unwrap_or_default();
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Decrypts an envelope made by [`seal`] with the same key and `aad`.
pub fn open(key: &Key, envelope: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    if envelope.len() < 1 + NONCE_LEN + TAG_LEN {
        return Err(OpenError::Truncated);
    }
    if envelope[0] != VERSION {
        return Err(OpenError::UnknownVersion);
    }
    let (nonce, sealed) = envelope[1..].split_at(NONCE_LEN);
    let cipher = Aes256Gcm::new(key.as_ref().into());
    cipher
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
        .map(Zeroizing::new)
        .map_err(|_| OpenError::Unauthentic)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AAD: &[u8] = b"6f1c0e4e-account-id";

    #[test]
    fn round_trips_with_fresh_nonces() {
        let key = generate_key();
        let a = seal(&key, b"ghp_secret", AAD);
        let b = seal(&key, b"ghp_secret", AAD);
        assert_ne!(a, b, "a fresh nonce per encryption");
        assert_eq!(a[0], VERSION);
        assert_eq!(a.len(), 1 + NONCE_LEN + 10 + TAG_LEN);
        assert_eq!(
            open(&key, &a, AAD).as_deref().map(|v| v.as_slice()),
            Ok(&b"ghp_secret"[..])
        );
        assert!(
            !a.windows(10).any(|w| w == b"ghp_secret"),
            "no plaintext inside"
        );
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let key = generate_key();
        let env = seal(&key, b"token", AAD);
        for i in 0..env.len() {
            let mut bad = env.clone();
            bad[i] ^= 0x01;
            assert!(open(&key, &bad, AAD).is_err(), "byte {i}");
        }
    }

    #[test]
    fn wrong_aad_key_version_or_length_are_refused() {
        let key = generate_key();
        let env = seal(&key, b"token", AAD);
        assert_eq!(open(&key, &env, b"other-id"), Err(OpenError::Unauthentic));
        assert_eq!(
            open(&generate_key(), &env, AAD),
            Err(OpenError::Unauthentic)
        );
        let mut v2 = env.clone();
        v2[0] = 2;
        assert_eq!(open(&key, &v2, AAD), Err(OpenError::UnknownVersion));
        assert_eq!(open(&key, &env[..20], AAD), Err(OpenError::Truncated));
        assert_eq!(open(&key, b"token", AAD), Err(OpenError::Truncated));
    }
}
