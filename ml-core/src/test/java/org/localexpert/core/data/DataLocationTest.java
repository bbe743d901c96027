package org.localexpert.core.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DataLocationTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private String saved;

    @Before
    public void save() {
        saved = System.getProperty(DataLocation.PROPERTY);
    }

    @After
    public void restore() {
        if (saved == null) System.clearProperty(DataLocation.PROPERTY);
        else System.setProperty(DataLocation.PROPERTY, saved);
    }

    @Test
    public void systemPropertyWins() throws Exception {
        File root = tmp.newFolder("data");
        new File(root, "mnist").mkdir();
        System.setProperty(DataLocation.PROPERTY, root.getPath());
        assertEquals(root, DataLocation.root());
        assertTrue(DataLocation.has(DataLocation.MNIST));
        assertFalse(DataLocation.has(DataLocation.SUGARCANE_DAPHAL));
        assertEquals(new File(root, "mnist"), DataLocation.require(DataLocation.MNIST));
    }

    @Test
    public void missingSetNamesTheSetTheFolderAndItsOrigin() {
        System.setProperty(DataLocation.PROPERTY, tmp.getRoot().getPath());
        try {
            DataLocation.require(DataLocation.SUGARCANE_ROSHITAB);
            fail();
        } catch (MissingDataException e) {
            assertEquals("sugarcane-roshitab", e.set());
            assertTrue(e.getMessage(), e.getMessage().contains(new File(tmp.getRoot(), "sugarcane-roshitab").getPath()));
            assertTrue(e.getMessage(), e.getMessage().contains("RoshitaB/Sugarcane-Leaf-Disease-Detection"));
        }
        String message = DataLocation.missingMessage(DataLocation.QMNIST);
        assertTrue(message, message.contains("facebookresearch/qmnist"));
        assertTrue(DataLocation.missingMessage("other").contains("README"));
    }

    @Test
    public void withoutThePropertyFallsBackToSharedDataNextToTheProject() {
        System.clearProperty(DataLocation.PROPERTY);
        File root = DataLocation.root();
        // from the project root (..) or from a module folder (../..): both end in shared/data
        assertTrue(root.getPath(), root.getPath().replace('\\', '/').endsWith("../shared/data"));
    }
}
