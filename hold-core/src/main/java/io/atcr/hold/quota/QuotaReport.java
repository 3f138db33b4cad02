package io.atcr.hold.quota;

/** The answer of {@code getQuota}: {@code tier} and {@code limit} are null when absent (quotas off, or no limit). */
public record QuotaReport(String userDid, long uniqueBlobs, long totalSize, String tier, Long limit) {
}
