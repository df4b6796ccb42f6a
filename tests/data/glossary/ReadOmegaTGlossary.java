// Prints a glossary file as OmegaT itself reads it: source TAB target TAB comment, in UTF-8.
// Used by tests/test_termtable.py (java -cp /usr/share/omegat/OmegaT.jar ReadOmegaTGlossary.java FILE).
import java.io.File;
import java.io.PrintStream;
import java.util.List;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public class ReadOmegaTGlossary {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        List<GlossaryEntry> entries = GlossaryReaderTSV.read(new File(args[0]), false);
        if (entries == null) {
            out.println("NOT A GLOSSARY FILE");
            return;
        }
        for (GlossaryEntry e : entries) {
            out.println(e.getSrcText() + "\t" + e.getLocText() + "\t" + e.getCommentText());
        }
    }
}
