// The trigger op (`nps`) and script actions (R-6.3 …) of
// tests/vectors/README.md ("### trigger"), run on the generated API:
// Trigger objects parsed from the case's JSON, a TriggerSet, a FiredLog
// and a SurveyPressure object per script, records built from each step.
package filrouge.test

import filrouge.*

object TriggerScript {
    val ACTIONS: Set<String> = setOf(
        "survey_response", "survey_responses", "trigger_define", "trigger_fired", "trigger_log_reload",
        "survey_send", "survey_send_check", "survey_pressure_reload",
    )


    fun npsOp(c: Vectors.Case): Any? {
        Vectors.known(c.input, "input", "answer")
        if (!c.input.containsKey("answer")) throw BadInput("input.answer is missing")
        return mapOf("class" to npsClass(Vectors.field(c.input["answer"])).name.lowercase())
    }

    private class State(var triggers: List<Trigger>, var set: TriggerSet, val config: TriggerConfig, var log: FiredLog, var pressure: SurveyPressure)

    fun run(c: Vectors.Case, steps: List<Any?>): List<Any?> {
        Vectors.known(c.config, "config", "custom_field_names", "pressure")
        val names = Vectors.obj(c.config["custom_field_names"] ?: mapOf<String, Any?>(), "custom_field_names")
            .mapValues { (k, v) -> v as? Long ?: throw BadInput("custom_field_names.$k: a whole number") }
        val config = TriggerConfig(names)
        var pressureConfig = defaultPressureConfig()
        c.config["pressure"]?.let { p ->
            val m = Vectors.obj(p, "pressure")
            Vectors.known(m, "pressure", "time_zone", "period")
            m["time_zone"]?.let { pressureConfig = pressureConfig.copy(timeZone = it as? String ?: throw BadInput("time_zone: a string")) }
            m["period"]?.let { pressureConfig = pressureConfig.copy(period = period(it)) }
        }
        Vectors.known(c.input, "input", "surveys", "triggers", "steps")
        val surveys = Vectors.list(c.input["surveys"] ?: listOf<Any?>(), "surveys").map(::survey)
        val triggers = Vectors.list(c.input["triggers"] ?: listOf<Any?>(), "triggers").map { Trigger.parse(Json.write(it)) }
        val state = State(triggers, TriggerSet(triggers, config), config, FiredLog(), SurveyPressure(pressureConfig))
        try {
            return steps.map { step ->
                Vectors.outcome {
                    step(state, surveys, step)
                }
            }
        } finally {
            (state.triggers + triggers).forEach { it.destroy() }
            state.set.destroy()
            state.log.destroy()
            state.pressure.destroy()
        }
    }

    private fun str(m: Map<String, Any?>, k: String): String = m[k] as? String ?: throw BadInput("$k: expected a string")
    private fun optStr(m: Map<String, Any?>, k: String): String? = m[k]?.let { it as? String ?: throw BadInput("$k: expected a string") }

    private fun step(st: State, surveys: List<Survey>, raw: Any?): Any? {
        val s = LinkedHashMap(Vectors.obj(raw, "step"))
        val action = s.remove("do") as? String ?: throw BadInput("a step needs \"do\": an action name")
        return when (action) {
            "survey_response" -> {
                Vectors.known(s, action, "response")
                val r = response(s["response"])
                // The core evaluates a response against its survey; finding that
                // survey among the host's is the host's job (as in the Rust runner).
                val survey = surveys.firstOrNull { it.id == r.surveyId }
                    ?: return mapOf("error" to "unknown_survey", "message" to "response ${r.id}: no survey ${r.surveyId}")
                val o = st.set.evaluate(st.log, survey, r)
                mapOf("response_id" to o.responseId, "fired" to o.fired.map(::firing), "already_fired" to o.alreadyFired,
                    "not_met" to o.notMet, "inactive" to o.inactive, "errors" to o.errors.map(Tree::rejection))
            }
            "survey_responses" -> {
                Vectors.known(s, action, "responses")
                val b = st.set.evaluateAll(st.log, surveys, Vectors.list(s["responses"] ?: throw BadInput("responses is missing"), "responses").map(::response))
                mapOf("firings" to b.firings.map(::firing), "already_fired" to b.alreadyFired.toLong(), "rejected" to b.rejected.map(Tree::rejection))
            }
            "trigger_define" -> {
                Vectors.known(s, action, "trigger")
                val t = Trigger.parse(Json.write(s["trigger"] ?: throw BadInput("trigger is missing")))
                val next = st.triggers.filter { it.id() != t.id() } + t
                val set = try {
                    TriggerSet(next, st.config)
                } catch (e: FilrougeException) {
                    t.destroy()
                    throw e
                }
                st.set.destroy()
                st.set = set
                st.triggers = next
                mapOf("triggers" to next.size.toLong())
            }
            "trigger_fired" -> {
                Vectors.known(s, action, "trigger_id", "response_id")
                mapOf("fired" to st.log.hasFired(str(s, "trigger_id"), str(s, "response_id")))
            }
            "trigger_log_reload" -> {
                Vectors.known(s, action)
                val reloaded = FiredLog.fromJson(st.log.toJson())
                st.log.destroy()
                st.log = reloaded
                mapOf("fired" to reloaded.len().toLong())
            }
            "survey_send", "survey_send_check" -> {
                Vectors.known(s, action, "client_id", "survey_id", "kind", "at")
                val r = SendRequest(str(s, "client_id"), str(s, "survey_id"), s["kind"]?.let { Vectors.enumOf<SurveyKind>(it) } ?: SurveyKind.SATISFACTION,
                    Vectors.instant(s["at"] ?: throw BadInput("at is missing")))
                decision(if (action == "survey_send") st.pressure.send(r) else st.pressure.check(r))
            }
            "survey_pressure_reload" -> {
                Vectors.known(s, action)
                val reloaded = SurveyPressure.fromJson(st.pressure.toJson())
                st.pressure.destroy()
                st.pressure = reloaded
                mapOf("clients" to reloaded.clients().toLong())
            }
            else -> throw UnknownAction("no trigger action named $action")
        }
    }

    // --- JSON → records ------------------------------------------------------------

    private fun period(v: Any?): CalendarPeriod {
        val o = Vectors.obj(v, "period")
        if (o.size != 1) throw BadInput("period: exactly one of days, months, years")
        val (unit, n) = o.entries.first()
        val count = (n as? Long)?.takeIf { it in 0..UInt.MAX_VALUE.toLong() }?.toUInt() ?: throw BadInput("period: a count, got $n")
        return when (unit) {
            "days" -> CalendarPeriod.Days(count)
            "months" -> CalendarPeriod.Months(count)
            "years" -> CalendarPeriod.Years(count)
            else -> throw BadInput("period: unknown unit $unit")
        }
    }

    fun survey(v: Any?): Survey {
        val m = Vectors.obj(v, "survey")
        Vectors.known(m, "survey", "id", "title", "reference", "end_date", "kind")
        return Survey(str(m, "id"), str(m, "title"), optStr(m, "reference"), m["end_date"]?.let(FollowupScript::day),
            m["kind"]?.let { Vectors.enumOf<SurveyKind>(it) } ?: SurveyKind.SATISFACTION)
    }

    fun respondent(v: Any?): Respondent {
        val m = Vectors.obj(v ?: throw BadInput("respondent is missing"), "respondent")
        Vectors.known(m, "respondent", "id", "first_name", "last_name", "email", "language", "street", "house_number", "box",
            "postal_code", "city", "province", "state", "country", "phone", "custom_fields")
        val custom = Vectors.obj(m["custom_fields"] ?: mapOf<String, Any?>(), "custom_fields").entries.associate { (k, x) ->
            val n = k.toIntOrNull()?.takeIf { it in 1..20 && !k.startsWith("+") && !k.startsWith("0") } ?: throw BadInput("custom_fields: \"1\"..\"20\", got $k")
            n.toUByte() to (x as? String ?: throw BadInput("custom_fields.$k: a string"))
        }
        return Respondent(str(m, "id"), optStr(m, "first_name"), optStr(m, "last_name"), optStr(m, "email"), optStr(m, "language"),
            optStr(m, "street"), optStr(m, "house_number"), optStr(m, "box"), optStr(m, "postal_code"), optStr(m, "city"),
            optStr(m, "province"), optStr(m, "state"), optStr(m, "country"), optStr(m, "phone"), custom)
    }

    fun response(v: Any?): Response {
        val m = Vectors.obj(v ?: throw BadInput("response is missing"), "response")
        Vectors.known(m, "response", "id", "survey_id", "submitted_at", "respondent", "answers")
        return Response(str(m, "id"), str(m, "survey_id"), Vectors.instant(m["submitted_at"]), respondent(m["respondent"]),
            Vectors.obj(m["answers"] ?: mapOf<String, Any?>(), "answers").mapValues { (_, a) -> Vectors.field(a) })
    }

    // --- records → JSON ------------------------------------------------------------

    fun firing(f: Firing): Map<String, Any?> {
        val a = f.action as FiredAction.CreateContact
        return mapOf("trigger_id" to f.triggerId, "trigger_name" to f.triggerName, "response_id" to f.responseId, "survey_id" to f.surveyId,
            "respondent_id" to f.respondentId,
            "action" to mapOf("type" to "create_contact", "contact" to a.contact, "add_to_survey" to a.addToSurvey).filterValues { it != null })
    }

    fun decision(d: SendDecision): Map<String, Any?> = when (d) {
        is SendDecision.Send -> mapOf("decision" to "send", "counted" to d.counted)
        is SendDecision.Suppress -> mapOf("decision" to "suppress", "reason" to d.reason.name.lowercase(),
            "previous" to mapOf("survey_id" to d.previous.surveyId, "sent_at" to d.previous.sentAt.toString()),
            "allowed_from" to d.allowedFrom?.toString(), "allowed_at" to d.allowedAt?.toString()).filterValues { it != null }
    }
}
