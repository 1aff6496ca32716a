using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class TaskFileProblemTests
{
    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once_with_file_and_path()
    {
        var problems = Sample.ProblemsOf(Sample.FileWith(
            """{"id": "a", "repo": "./api", "priority": "high", "title": "A", "prompt": "Do a"}""",
            """{"id": "b", "repo": "./api", "priority": 1, "prompt": "Do b", "depnds_on": "a"}""",
            Sample.TaskJson("c", "\"difficulty\": \"hard\"")), "plan.json");

        Assert.Equal(
            ["$.tasks[0].priority", "$.tasks[1].depnds_on", "$.tasks[1].title", "$.tasks[2].difficulty"],
            problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
        Assert.All(problems, problem => Assert.Equal("plan.json", problem.File));
    }

    [Fact]
    public void Missing_required_field_is_reported_at_its_path_with_what_to_add()
    {
        var problems = Sample.ProblemsOf(Sample.FileWith(
            Sample.TaskJson("a"),
            """{"id": "b", "repo": "./api", "priority": 1, "prompt": "Do b"}"""));

        var problem = Assert.Single(problems);
        Assert.Equal("$.tasks[1].title", problem.Path);
        Assert.Equal("is missing", problem.Message);
        Assert.Equal("add \"title\": a string", problem.Hint);
    }

    [Fact]
    public void Every_missing_required_field_of_a_task_is_reported()
    {
        var problems = Sample.ProblemsOf(Sample.FileWith("{}"));

        Assert.Equal(
            ["$.tasks[0].id", "$.tasks[0].priority", "$.tasks[0].prompt", "$.tasks[0].repo", "$.tasks[0].title"],
            problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_task_with_bad_fields_stays_in_the_set_so_dependency_checks_stay_accurate()
    {
        var problems = new ProblemList();
        var file = Sample.Parse(Sample.FileWith(Sample.TaskJson("a"), """{"id": "b"}""", Sample.TaskJson("c")), problems);

        Assert.Equal(4, problems.Count(problem => problem.Path.StartsWith("$.tasks[1].", StringComparison.Ordinal)));
        Assert.NotNull(file);
        Assert.Equal(["a", "b", "c"], Sample.Ids(file.Tasks));
        Assert.Equal("$.tasks[2]", file.Tasks[2].JsonPath);
    }

    [Fact]
    public void A_task_without_an_id_is_left_out_and_the_others_are_kept()
    {
        var problems = new ProblemList();
        var file = Sample.Parse(Sample.FileWith(Sample.TaskJson("a"), """{"title": "no id"}""", Sample.TaskJson("c")), problems);

        Assert.Contains(problems, problem => problem.Path == "$.tasks[1].id" && problem.Message == "is missing");
        Assert.Equal(["a", "c"], Sample.Ids(file!.Tasks));
        Assert.Equal("$.tasks[2]", file.Tasks[1].JsonPath);
    }

    [Fact]
    public void Blank_required_string_is_reported_as_empty()
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(
            """{"id": "a", "repo": "./api", "priority": 1, "title": "   ", "prompt": "Do a"}""")));

        Assert.Equal("$.tasks[0].title", problem.Path);
        Assert.Equal("must not be empty", problem.Message);
    }

    [Fact]
    public void Priority_written_as_a_word_is_reported_as_the_wrong_type()
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(
            """{"id": "a", "repo": "./api", "priority": "high", "title": "A", "prompt": "Do a"}""")));

        Assert.Equal("$.tasks[0].priority", problem.Path);
        Assert.Equal("must be a whole number, not the string \"high\"", problem.Message);
    }

    [Theory]
    [InlineData("1.5", "must be a whole number, not the number 1.5")]
    [InlineData("-1", "must be at least 0, not -1")]
    [InlineData("true", "must be a whole number, not true")]
    public void Priority_must_be_a_whole_number_from_zero(string priority, string message)
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(
            $$"""{"id": "a", "repo": "./api", "priority": {{priority}}, "title": "A", "prompt": "Do a"}""")));

        Assert.Equal("$.tasks[0].priority", problem.Path);
        Assert.Equal(message, problem.Message);
    }

    [Theory]
    [InlineData("\"runner\": 7", "$.tasks[0].runner", "must be a string, not the number 7")]
    [InlineData("\"score\": \"high\"", "$.tasks[0].score", "must be a number, not the string \"high\"")]
    [InlineData("\"depends_on\": 5", "$.tasks[0].depends_on", "must be a string or an array of strings, not the number 5")]
    [InlineData("\"depends_on\": [\"b\", \"\"]", "$.tasks[0].depends_on[1]", "must be a non-empty string, not the string \"\"")]
    [InlineData("\"estimate\": -3", "$.tasks[0].estimate", "must be at least 0, not -3")]
    public void Task_field_of_the_wrong_type_is_reported_at_its_path(string field, string path, string message)
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", field))));

        Assert.Equal(path, problem.Path);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void Unknown_task_field_suggests_the_field_it_resembles()
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", "\"depnds_on\": \"b\""))));

        Assert.Equal("$.tasks[0].depnds_on", problem.Path);
        Assert.Equal("is not a known field", problem.Message);
        Assert.Equal("did you mean \"depends_on\"?", problem.Hint);
    }

    [Fact]
    public void Unknown_top_level_field_suggests_the_field_it_resembles()
    {
        var problem = Assert.Single(Sample.ProblemsOf("""{"default_runer": "claude", "tasks": []}"""));

        Assert.Equal("$.default_runer", problem.Path);
        Assert.Equal("did you mean \"default_runner\"?", problem.Hint);
    }

    [Fact]
    public void Unknown_field_like_nothing_known_lists_the_known_fields()
    {
        var problem = Assert.Single(Sample.ProblemsOf("""{"review": {"enabled": true, "xyzzy": 1}, "tasks": []}"""));

        Assert.Equal("$.review.xyzzy", problem.Path);
        Assert.Equal("known fields: enabled, runner, fallback_only", problem.Hint);
    }

    [Fact]
    public void Unknown_difficulty_names_the_three_allowed()
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", "\"difficulty\": \"hard\""))));

        Assert.Equal("$.tasks[0].difficulty", problem.Path);
        Assert.Equal("\"hard\" is not a difficulty", problem.Message);
        Assert.Equal("use simple, medium or complex", problem.Hint);
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line_and_column()
    {
        var problems = new ProblemList();
        var file = Sample.Parse("{\n  \"tasks\": [\n    {\"id\": \"a\",, }\n  ]\n}", problems, "broken.json");

        Assert.Null(file);
        var problem = Assert.Single(problems);
        Assert.Equal("broken.json", problem.File);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("is not valid JSON, column ", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("broken.json:3: is not valid JSON", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42", "the number 42")]
    [InlineData("\"tasks\"", "the string \"tasks\"")]
    [InlineData("null", "null")]
    public void Root_that_is_not_an_object_is_reported(string json, string described)
    {
        var problems = new ProblemList();
        var file = Sample.Parse(json, problems);

        Assert.Null(file);
        var problem = Assert.Single(problems);
        Assert.Equal("$", problem.Path);
        Assert.Equal($"must be an object with a \"tasks\" array, not {described}", problem.Message);
    }

    [Fact]
    public void File_without_tasks_is_reported()
    {
        var problem = Assert.Single(Sample.ProblemsOf("""{"description": "nothing to do"}"""));

        Assert.Equal("$.tasks", problem.Path);
        Assert.Equal("is missing", problem.Message);
    }

    [Fact]
    public void Tasks_that_are_not_an_array_are_reported()
    {
        var problem = Assert.Single(Sample.ProblemsOf("""{"tasks": {"id": "a"}}"""));

        Assert.Equal("$.tasks", problem.Path);
        Assert.Equal("must be an array of tasks, not an object", problem.Message);
    }

    [Fact]
    public void Task_that_is_not_an_object_is_reported_at_its_index()
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a"), "3")));

        Assert.Equal("$.tasks[1]", problem.Path);
        Assert.Equal("must be a task object, not the number 3", problem.Message);
    }

    [Theory]
    [InlineData("api auth")]
    [InlineData("-lead")]
    [InlineData("api/auth")]
    [InlineData("é")]
    public void Task_id_with_unusable_characters_is_reported(string id)
    {
        var problems = new ProblemList();
        var file = Sample.Parse(Sample.FileWith(Sample.TaskJson(id)), problems);

        var problem = Assert.Single(problems);
        Assert.Equal("$.tasks[0].id", problem.Path);
        Assert.Equal($"\"{id}\" is not a usable task id", problem.Message);
        Assert.Empty(file!.Tasks);
    }

    [Theory]
    [InlineData("api-auth_2")]
    [InlineData("v1.2")]
    [InlineData("9lives")]
    public void Task_id_of_letters_digits_dots_dashes_and_underscores_is_accepted(string id)
    {
        var file = Sample.ParseClean(Sample.FileWith(Sample.TaskJson(id)));

        Assert.Equal(id, Assert.Single(file.Tasks).Id);
    }

    [Theory]
    [InlineData("\"parallel_repo\": \"yes\"", "$.parallel_repo")]
    [InlineData("\"merge_back\": 1", "$.merge_back")]
    [InlineData("\"review\": \"on\"", "$.review")]
    [InlineData("\"allowed_repos\": \"./api\"", "$.allowed_repos")]
    [InlineData("\"default_fallbacks\": \"claude\"", "$.default_fallbacks")]
    [InlineData("\"description\": [\"x\"]", "$.description")]
    public void Top_level_field_of_the_wrong_type_is_reported_at_its_path(string field, string path)
    {
        var problem = Assert.Single(Sample.ProblemsOf($$"""{{{field}}, "tasks": []}"""));

        Assert.Equal(path, problem.Path);
        Assert.StartsWith("must be ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_reads_as_file_path_message_and_hint()
    {
        var problem = new Problem("plan.json", "$.tasks[1].title", "is missing", "add \"title\": a string");

        Assert.Equal("plan.json: $.tasks[1].title is missing (add \"title\": a string)", problem.ToString());
    }
}
