import Crypto

/// Strong values for generated secrets: 32 characters from an alphabet
/// without look-alikes or characters that need quoting anywhere (URLs, SQL, shells).
public enum PasswordGenerator {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    public static func generate(length: Int = 32) -> String {
        var out = ""
        while out.count < length {
            for byte in SymmetricKey(size: .bits256).withUnsafeBytes({ Array($0) }) where out.count < length {
                // Rejection sampling keeps every character equally likely.
                if Int(byte) < 256 - 256 % alphabet.count { out.append(alphabet[Int(byte) % alphabet.count]) }
            }
        }
        return out
    }
}
