import CabildoText
import CSodium
import Foundation

/// libsodium: Argon2id password hashes, and SHA-256 and HMAC-SHA-256 for the audit chain.
enum Crypto {
    private static let ready: Bool = sodium_init() >= 0

    static func sha256Hex(_ text: String) -> String {
        precondition(ready, "libsodium failed to initialise")
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let bytes = Array(text.utf8)
        _ = crypto_hash_sha256(&digest, bytes, UInt64(bytes.count))
        return hex(digest)
    }

    /// HMAC-SHA-256 of `text` under a 32-byte key, as lowercase hex.
    static func hmacSHA256Hex(_ text: String, key: [UInt8]) -> String {
        precondition(ready, "libsodium failed to initialise")
        precondition(key.count == Int(crypto_auth_hmacsha256_KEYBYTES))
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        let bytes = Array(text.utf8)
        _ = crypto_auth_hmacsha256(&mac, bytes, UInt64(bytes.count), key)
        return hex(mac)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Argon2id, libsodium's interactive limits, encoded with its salt and parameters.
    static func hashPassword(_ password: String) throws(CabildoError) -> String {
        precondition(ready, "libsodium failed to initialise")
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let bytes = Array(password.utf8CString.dropLast())
        let status = crypto_pwhash_str_alg(
            &out, bytes, UInt64(bytes.count),
            UInt64(crypto_pwhash_opslimit_interactive()), crypto_pwhash_memlimit_interactive(),
            crypto_pwhash_ALG_ARGON2ID13)
        guard status == 0 else {
            throw CabildoError(.storage, Message("Not enough memory to protect the password"))
        }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func verifyPassword(_ password: String, hash: String) -> Bool {
        precondition(ready, "libsodium failed to initialise")
        let bytes = Array(password.utf8CString.dropLast())
        return hash.withCString { crypto_pwhash_str_verify($0, bytes, UInt64(bytes.count)) == 0 }
    }

    // MARK: Caravans: sealed boxes for contact data, Ed25519 for kits and bundles.

    /// A sealed box's key pair (X25519): (public, secret).
    static func boxKeyPair() -> (public: [UInt8], secret: [UInt8]) {
        precondition(ready, "libsodium failed to initialise")
        var pk = [UInt8](repeating: 0, count: Int(crypto_box_PUBLICKEYBYTES))
        var sk = [UInt8](repeating: 0, count: Int(crypto_box_SECRETKEYBYTES))
        _ = crypto_box_keypair(&pk, &sk)
        return (pk, sk)
    }

    /// An Ed25519 signing key pair: (public, secret).
    static func signKeyPair() -> (public: [UInt8], secret: [UInt8]) {
        precondition(ready, "libsodium failed to initialise")
        var pk = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var sk = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        _ = crypto_sign_keypair(&pk, &sk)
        return (pk, sk)
    }

    /// Anyone with the public key can seal; only the secret key's holder can open.
    static func seal(_ message: [UInt8], to publicKey: [UInt8]) -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        precondition(publicKey.count == Int(crypto_box_PUBLICKEYBYTES))
        var out = [UInt8](repeating: 0, count: message.count + Int(crypto_box_sealbytes()))
        _ = crypto_box_seal(&out, message, UInt64(message.count), publicKey)
        return out
    }

    /// Nil when the box was not sealed to this key pair or was altered.
    static func open(sealed box: [UInt8], publicKey: [UInt8], secretKey: [UInt8]) -> [UInt8]? {
        precondition(ready, "libsodium failed to initialise")
        guard box.count >= Int(crypto_box_sealbytes()), publicKey.count == Int(crypto_box_PUBLICKEYBYTES),
              secretKey.count == Int(crypto_box_SECRETKEYBYTES) else { return nil }
        var out = [UInt8](repeating: 0, count: box.count - Int(crypto_box_sealbytes()))
        guard crypto_box_seal_open(&out, box, UInt64(box.count), publicKey, secretKey) == 0 else { return nil }
        return out
    }

    static func sign(_ text: String, secretKey: [UInt8]) -> String {
        precondition(ready, "libsodium failed to initialise")
        precondition(secretKey.count == Int(crypto_sign_SECRETKEYBYTES))
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        let bytes = Array(text.utf8)
        _ = crypto_sign_detached(&signature, nil, bytes, UInt64(bytes.count), secretKey)
        return hex(signature)
    }

    static func verify(_ text: String, signature: String, publicKey: String) -> Bool {
        precondition(ready, "libsodium failed to initialise")
        guard let signature = bytes(hex: signature), signature.count == Int(crypto_sign_BYTES),
              let key = bytes(hex: publicKey), key.count == Int(crypto_sign_PUBLICKEYBYTES) else { return false }
        let message = Array(text.utf8)
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), key) == 0
    }

    /// Lowercase or uppercase hex to bytes; nil when it is not hex.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
