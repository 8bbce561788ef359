package dev.limpet.store.memcached;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.rubyeye.xmemcached.GetsResponse;
import org.junit.jupiter.api.Test;

class CopyTagsTest {

    private static GetsResponse<MemcachedItem> entry(long cas, int flags) {
        return new GetsResponse<>(cas, new MemcachedItem(new byte[] {1}, flags));
    }

    @Test
    void tagsArePositiveAndNeverTheUntaggedValue() {
        for (long writer = -500; writer < 500; writer++) {
            CopyTags tags = new CopyTags(writer);
            for (long version = 0; version < 50; version++) {
                int tag = tags.backupOf(version);
                assertTrue(tag > 0, "flags go out as a positive 32-bit number: " + tag);
            }
        }
    }

    @Test
    void aWriterRecognisesItsBackupCopyAndItsOwnPrimaryCopyOnly() {
        CopyTags mine = new CopyTags(42);
        CopyTags other = new CopyTags(43);
        assertTrue(mine.copies(entry(900, mine.backupOf(17)), 17), "the backup copy of my write at 17");
        assertFalse(mine.copies(entry(900, mine.backupOf(16)), 17), "a copy of my older write");
        assertFalse(mine.copies(entry(900, other.backupOf(17)), 17), "another node's write, whatever its version");
        assertTrue(mine.copies(entry(17, mine.primary()), 17), "my primary copy at 17, read on another node");
        assertFalse(mine.copies(entry(17, other.primary()), 17), "another node's primary copy with the same unique");
        assertFalse(mine.copies(entry(17, CopyTags.UNTAGGED), 17), "an entry written before tags");
        assertFalse(mine.copies(entry(18, mine.primary()), 17), "my later write");
        assertNotEquals(mine.primary(), mine.backupOf(1));
    }
}
