// Passes the gatherer's artifact into the report, where the bench reads it (audits.shown-answers).
import { Audit } from "lighthouse";

export default class ShownAnswersAudit extends Audit {
  static get meta() {
    return {
      id: "shown-answers",
      title: "Saved answers on the page after load",
      failureTitle: "Saved answers on the page after load",
      description: "What the page showed of the answers saved in the browser profile (for the bench).",
      scoreDisplayMode: Audit.SCORING_MODES.INFORMATIVE,
      requiredArtifacts: ["ShownAnswers"],
    };
  }

  static audit(artifacts) {
    return { score: null, details: { type: "debugdata", ...artifacts.ShownAnswers } };
  }
}
